import { watchParent } from './shutdown';

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('watchParent', () => {
  it('calls back once the parent pid is no longer the one the supervisor gave', async () => {
    const gone = jest.fn();
    watchParent(String(process.ppid + 1_000_000), gone);
    await wait(1_300);
    expect(gone).toHaveBeenCalledTimes(1);
    await wait(1_100);
    expect(gone).toHaveBeenCalledTimes(1);
  });

  it('stays quiet while the parent lives, and without a supervisor', async () => {
    const gone = jest.fn();
    watchParent(String(process.ppid), gone);
    watchParent(undefined, gone);
    watchParent('not-a-pid', gone);
    await wait(1_300);
    expect(gone).not.toHaveBeenCalled();
  });
});
