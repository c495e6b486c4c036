# The whitelist is read first: https://example.org/blob/master/x.md
def promote(slave_count):
    """Promote a node: the dummy flag is ignored."""
    note = "see # the dummy value"
    webmaster = 1
