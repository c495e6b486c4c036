# The whitelist is read first: https://example.org/blob/master/x.md
slave_count = 0
note = "see # the dummy value"
text = <<~EOS
  a dummy heredoc
EOS
webmaster = 1
