// The Sparkplug B topic namespace: node and device topics built and parsed, every malformed or
// hostile shape refused (wrong namespace, unknown type, device id on a node message or missing on a
// device message, empty ids, MQTT wildcards and separators, NUL), STATE topics told apart.
import { describe, expect, it } from 'vitest';
import { InputError } from '../../sim/errors.ts';
import { idProblem, parseSpTopic, parseStateTopic, spTopic } from '../../sim/bindings/wdpc/sparkplug/topics.ts';

describe('Sparkplug B topics', () => {
  it('builds and parses every message type', () => {
    for (const type of ['NBIRTH', 'NDATA', 'NDEATH', 'NCMD'] as const) {
      const t = spTopic({ group: 'gridtwin', type, node: 'dc1' });
      expect(t).toBe(`spBv1.0/gridtwin/${type}/dc1`);
      expect(parseSpTopic(t)).toEqual({ group: 'gridtwin', type, node: 'dc1' });
    }
    for (const type of ['DBIRTH', 'DDATA', 'DDEATH', 'DCMD'] as const) {
      const t = spTopic({ group: 'gridtwin', type, node: 'dc1', device: 'r00-n000' });
      expect(t).toBe(`spBv1.0/gridtwin/${type}/dc1/r00-n000`);
      expect(parseSpTopic(t)).toEqual({ group: 'gridtwin', type, node: 'dc1', device: 'r00-n000' });
    }
  });

  it('parses nothing that is not a Sparkplug B topic', () => {
    for (const bad of [
      'spBv1.0/g/NBIRTH/dc1/x', // node message with a device
      'spBv1.0/g/DDATA/dc1', // device message without one
      'spBv1.0/g/NOPE/dc1',
      'spBv1.0/g/nbirth/dc1', // types are case-sensitive
      'spAv1.0/g/NBIRTH/dc1',
      'spBv1.0//NBIRTH/dc1',
      'spBv1.0/g/NBIRTH/',
      'spBv1.0/g/DDATA/dc1/',
      'spBv1.0/g/DDATA/dc1/a/b',
      'spBv1.0/g+/NBIRTH/dc1',
      'spBv1.0/g/NBIRTH/#',
      'spBv1.0/g/NBIRTH/d\u0000c',
      'spBv1.0/STATE/host1',
      '',
      'spBv1.0',
    ]) expect(parseSpTopic(bad), JSON.stringify(bad)).toBeUndefined();
  });

  it('refuses bad ids as InputError naming the id, and wrong device presence', () => {
    const cases: Array<[Parameters<typeof spTopic>[0], RegExp]> = [
      [{ group: 'g+', type: 'NBIRTH', node: 'n' }, /group_id: it contains '\+'/],
      [{ group: 'g', type: 'NBIRTH', node: 'a/b' }, /edge_node_id: it contains '\/'/],
      [{ group: 'g', type: 'DDATA', node: 'n', device: '#' }, /device_id: it contains '#'/],
      [{ group: '', type: 'NBIRTH', node: 'n' }, /group_id: it is empty/],
      [{ group: 'g', type: 'NBIRTH', node: 'n\u0000' }, /contains 'NUL'/],
      [{ group: 'g', type: 'DDATA', node: 'n' }, /DDATA needs a device id/],
      [{ group: 'g', type: 'NDATA', node: 'n', device: 'd' }, /NDATA takes no device id/],
      [{ group: 'g', type: 'XDATA' as never, node: 'n' }, /not a Sparkplug message type/],
    ];
    for (const [t, msg] of cases) {
      expect(() => spTopic(t)).toThrow(msg);
      expect(() => spTopic(t)).toThrow(InputError);
    }
    expect(idProblem('r00-n000 GPU 1.ü')).toBeUndefined(); // spaces, dots, unicode are fine
  });

  it('recognises host STATE topics separately', () => {
    expect(parseStateTopic('spBv1.0/STATE/scada-1')).toBe('scada-1');
    expect(parseStateTopic('spBv1.0/STATE/')).toBeUndefined();
    expect(parseStateTopic('spBv1.0/STATE/a/b')).toBeUndefined();
    expect(parseStateTopic('spBv1.0/g/NBIRTH/dc1')).toBeUndefined();
  });
});
