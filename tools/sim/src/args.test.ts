import { describe, expect, it } from 'vitest';
import { CliError, parseCliArgs, parseDeviceList } from './args.js';

describe('simulator command line', () => {
  it('has the documented defaults', () => {
    expect(parseCliArgs([])).toEqual({
      devices: 200,
      devicesGiven: false,
      url: 'mqtt://127.0.0.1:1883',
      api: 'http://localhost:8080',
      seed: 1,
      intervalMs: undefined,
      faults: false,
      devicesFile: undefined,
      user: 'admin',
      help: false,
    });
  });

  it('reads every option', () => {
    const o = parseCliArgs([
      '--devices',
      '3',
      '--url',
      'mqtt://broker:1884',
      '--api',
      'http://srv:9000/',
      '--seed',
      '0',
      '--interval-ms',
      '500',
      '--faults',
      '--devices-file',
      'd.json',
    ]);
    expect(o).toMatchObject({
      devices: 3,
      devicesGiven: true,
      url: 'mqtt://broker:1884',
      api: 'http://srv:9000',
      seed: 0,
      intervalMs: 500,
      faults: true,
      devicesFile: 'd.json',
    });
  });

  it('names the option that is wrong', () => {
    expect(() => parseCliArgs(['--devices', 'many'])).toThrow(/--devices/);
    expect(() => parseCliArgs(['--devices', '0'])).toThrow(CliError);
    expect(() => parseCliArgs(['--interval-ms', '10'])).toThrow(/--interval-ms/);
    expect(() => parseCliArgs(['--url', 'http://x'])).toThrow(/--url/);
    expect(() => parseCliArgs(['--bogus'])).toThrow(CliError);
  });

  it('accepts a device list of {id, type, token} and refuses anything else', () => {
    expect(parseDeviceList([{ id: 'wp-0001', type: 'water_plant', token: 't', extra: 1 }], 'f')).toEqual([
      { id: 'wp-0001', type: 'water_plant', token: 't' },
    ]);
    expect(() => parseDeviceList({ devices: [] }, 'f')).toThrow(/array/);
    expect(() => parseDeviceList([{ id: 1, type: 'x', token: 't' }], 'f')).toThrow(/f\[0\]/);
  });

  it('takes a weather scenario', () => {
    expect(parseCliArgs(['--scenario', 'snow']).scenario).toBe('snow');
    expect(parseCliArgs([]).scenario).toBeUndefined();
    expect(() => parseCliArgs(['--scenario', 'hail'])).toThrow(/--scenario/);
  });
});
