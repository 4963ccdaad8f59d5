import { defineFailpoints } from './failpoints';

describe('defineFailpoints (tests only)', () => {
  const environment = process.env.NODE_ENV;
  const points = defineFailpoints('SOME_FAILPOINT', ['first-step', 'second-step'] as const);
  afterEach(() => {
    process.env.NODE_ENV = environment;
  });

  it('names the setting and its own steps when refusing one', () => {
    process.env.NODE_ENV = 'production';
    expect(() => points.checkSetting('first-step')).toThrow(
      'Invalid setting SOME_FAILPOINT: honoured only when NODE_ENV=test',
    );
    process.env.NODE_ENV = 'test';
    expect(() => points.checkSetting('second-step:kind@child-1')).not.toThrow();
    expect(() => points.checkSetting('third-step')).toThrow(
      'Invalid setting SOME_FAILPOINT: one of first-step, second-step',
    );
  });

  it('kill only at the named step and child, and never outside tests', () => {
    const kill = jest.spyOn(process, 'kill').mockImplementation(() => true);
    try {
      process.env.NODE_ENV = 'test';
      points.trigger('first-step@child-1', 'first-step', 'child-2');
      points.trigger('first-step', 'second-step', 'child-1');
      expect(kill).not.toHaveBeenCalled();
      points.trigger('first-step@child-1', 'first-step', 'child-1');
      expect(kill).toHaveBeenCalledWith(process.pid, 'SIGKILL');
      kill.mockClear();
      process.env.NODE_ENV = 'production';
      points.trigger('first-step', 'first-step', 'child-1');
      expect(kill).not.toHaveBeenCalled();
    } finally {
      kill.mockRestore();
    }
  });
});
