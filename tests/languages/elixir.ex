# The whitelist is read first: https://example.org/blob/master/x.md
defmodule Pool do
  @slave_count 0
  def note, do: "see # the dummy value"
  def webmaster, do: 1
end
