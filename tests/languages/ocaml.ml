(* The whitelist is read first: https://example.org/blob/master/x.md *)
let slave_count = 0
let note = "see (* the dummy value"
let webmaster' = 1
