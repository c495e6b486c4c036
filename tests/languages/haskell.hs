-- The whitelist is read first: https://example.org/blob/master/x.md
{- nested {- comments -} hold a dummy flag -}
slaveCount = 0
note = "see -- the dummy value"
webmaster' = 1
