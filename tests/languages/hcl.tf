# The whitelist is read first: https://example.org/blob/master/x.md
variable "slave_count" {
  default = "see # the dummy value"
}
locals {
  text = <<EOT
a dummy heredoc
EOT
  slave_mode = true
  webmaster = 1
}
