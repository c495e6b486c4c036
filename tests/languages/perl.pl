# The whitelist is read first: https://example.org/blob/master/x.md
my $slave_count = 0;
my $note = "see # the dummy value";
my $webmaster = 1;

=pod

A dummy paragraph of documentation.

=cut
