import { IsInt, IsUrl, Max, Min } from 'class-validator';
import { Type } from 'class-transformer';
import { loadSettings, SettingsError } from './load-settings';

class ExampleSettings {
  @IsUrl({ require_tld: false, protocols: ['postgres', 'postgresql'] })
  DATABASE_URL!: string;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  HTTP_PORT = 3000;
}

describe('loadSettings', () => {
  it('reads, converts and defaults values', () => {
    const settings = loadSettings(ExampleSettings, { DATABASE_URL: 'postgres://localhost/db' });
    expect(settings.HTTP_PORT).toBe(3000);
    expect(
      loadSettings(ExampleSettings, { DATABASE_URL: 'postgres://x/y', HTTP_PORT: '8080' }).HTTP_PORT,
    ).toBe(8080);
  });

  it('names a missing setting in one line', () => {
    expect(() => loadSettings(ExampleSettings, {})).toThrow(SettingsError);
    expect(() => loadSettings(ExampleSettings, {})).toThrow(/^Invalid setting DATABASE_URL: /);
  });

  it('names an invalid setting', () => {
    expect(() =>
      loadSettings(ExampleSettings, { DATABASE_URL: 'postgres://x/y', HTTP_PORT: '70000' }),
    ).toThrow(/HTTP_PORT/);
  });
});
