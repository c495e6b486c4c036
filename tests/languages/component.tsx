// The whitelist is read first: https://example.org/blob/master/x.md
export const SlavePanel = () => <p title="see // the dummy value">Hi</p>;
const webmaster = 1;
