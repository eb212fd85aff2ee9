import fc from 'fast-check';
import { nearestCoordinationRegion, topology } from '../../lib/topology';
import { example, variant } from './support/apps';

describe('topology', () => {
  it('lays out the example: one regional stack per app or checker region, streams only where a replica lives', () => {
    const layout = topology(example);
    expect(layout.dataRegion).toBe('us-east-1');
    expect(layout.regional).toEqual([
      { region: 'us-east-1', checker: true, app: true, tableRegion: 'us-east-1', observationStream: true },
      { region: 'us-west-2', checker: true, app: true, tableRegion: 'us-west-2', observationStream: true },
      // eu-west-1 holds no replica: it uses the first coordination region and runs schedule-only.
      { region: 'eu-west-1', checker: true, app: false, tableRegion: 'us-east-1', observationStream: false },
    ]);
  });

  it('single-region coordination: every other region uses that table and only its region streams', () => {
    const layout = topology(variant({ coordination: { mode: 'single-region', regions: ['us-west-2'] } }));
    expect(layout.dataRegion).toBe('us-west-2');
    expect(layout.regional.map((r) => [r.region, r.tableRegion, r.observationStream])).toEqual([
      ['us-east-1', 'us-west-2', false],
      ['us-west-2', 'us-west-2', true],
      ['eu-west-1', 'us-west-2', false],
    ]);
  });

  it('prefers a coordination region of the same geography', () => {
    expect(nearestCoordinationRegion('eu-central-1', ['us-east-1', 'eu-west-1', 'ap-south-1'])).toBe('eu-west-1');
    expect(nearestCoordinationRegion('sa-east-1', ['us-east-1', 'eu-west-1', 'ap-south-1'])).toBe('us-east-1');
  });

  it('always picks a coordination region, the local one when there is a replica', () => {
    const region = fc.tuple(fc.constantFrom('us', 'eu', 'ap', 'sa', 'ca'), fc.constantFrom('east', 'west', 'central', 'south'), fc.integer({ min: 1, max: 3 })).map(([g, d, n]) => `${g}-${d}-${n}`);
    fc.assert(
      fc.property(fc.uniqueArray(region, { minLength: 1, maxLength: 3 }), region, (coordination, r) => {
        const picked = nearestCoordinationRegion(r, coordination);
        expect(coordination).toContain(picked);
        if (coordination.includes(r)) expect(picked).toBe(r);
      }),
    );
  });
});
