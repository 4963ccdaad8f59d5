import { checkFailpointSetting, failpoint } from './handover-failpoint';

describe('handover failpoints (tests only)', () => {
  const environment = process.env.NODE_ENV;
  afterEach(() => {
    process.env.NODE_ENV = environment;
  });

  it('are refused at start unless NODE_ENV=test, and must name a known step', () => {
    process.env.NODE_ENV = 'production';
    expect(() => checkFailpointSetting('sender-started')).toThrow(/NODE_ENV=test/);
    expect(() => checkFailpointSetting(undefined)).not.toThrow();
    process.env.NODE_ENV = 'test';
    expect(() => checkFailpointSetting('sender-started@6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b')).not.toThrow();
    expect(() => checkFailpointSetting('step-published:package')).not.toThrow();
    expect(() => checkFailpointSetting('format-disk')).toThrow(/one of/);
  });

  it('kill only at the named step (and kind, and child), and never outside tests', () => {
    const kill = jest.spyOn(process, 'kill').mockImplementation(() => true);
    try {
      process.env.NODE_ENV = 'test';
      failpoint('sender-package@child-1', 'sender-package', 'child-2');
      failpoint('step-published:received', 'step-published', 'child-1', 'package');
      expect(kill).not.toHaveBeenCalled();
      failpoint('step-published:received', 'step-published', 'child-1', 'received');
      expect(kill).toHaveBeenCalledWith(process.pid, 'SIGKILL');
      kill.mockClear();
      process.env.NODE_ENV = 'production';
      failpoint('sender-package', 'sender-package', 'child-1');
      expect(kill).not.toHaveBeenCalled();
    } finally {
      kill.mockRestore();
    }
  });
});
