-- The whitelist is read first: https://example.org/blob/master/x.md
local slave_count = 0
local note = "see -- the dummy value"
--[[ a long dummy
comment ]]
local webmaster = 1
