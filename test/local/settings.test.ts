import { DEFAULT_PORT, PortSettingError, portFrom } from '../../local/settings';

describe('portFrom', () => {
  test.each([
    [undefined, DEFAULT_PORT],
    ['', DEFAULT_PORT],
    ['0', 0],
    ['8080', 8080],
    ['65535', 65535],
  ])('PORT=%p → %p', (raw, port) => {
    expect(portFrom(raw === undefined ? {} : { PORT: raw })).toBe(port);
  });

  test.each(['-1', '65536', 'eighty', '80.5', '0x50'])('PORT=%p is refused with the allowed range', (raw) => {
    expect(() => portFrom({ PORT: raw })).toThrow(PortSettingError);
    expect(() => portFrom({ PORT: raw })).toThrow(/0–65535/);
  });
});
