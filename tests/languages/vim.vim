" The whitelist is read first: https://example.org/blob/master/x.md
let g:slave_count = 0
let g:note = 'see " the dummy value'
let g:webmaster = 1
