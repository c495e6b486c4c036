# Whitelist of hosts for the BLACKLIST_CHECK job
BLACKLIST_CHECK = ["a", "white_list"]
