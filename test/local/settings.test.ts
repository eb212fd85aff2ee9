import { DEFAULT_DNS_PORT, DEFAULT_PORT, PortSettingError, dnsPortFrom, portFrom } from '../../local/settings';

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

describe('dnsPortFrom', () => {
  it('defaults to 8053, takes 0 for any free port, and names DNS_PORT when refusing a value', () => {
    expect([dnsPortFrom({}), dnsPortFrom({ DNS_PORT: '0' }), dnsPortFrom({ DNS_PORT: '5300' })]).toEqual([DEFAULT_DNS_PORT, 0, 5300]);
    expect(DEFAULT_DNS_PORT).toBe(8053);
    expect(() => dnsPortFrom({ DNS_PORT: '70000' })).toThrow(/^DNS_PORT must be a whole number 0–65535/);
  });
});
