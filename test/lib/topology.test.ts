import { topology } from '../../lib/topology';
import { example, variant } from './support/apps';

describe('topology', () => {
  it('lays out the example: one regional stack per app or checker region, each with its replicas in order, streams only where a replica lives', () => {
    const layout = topology(example);
    expect(layout.dataRegion).toBe('us-east-1');
    expect(layout.regional).toEqual([
      { region: 'us-east-1', checker: true, app: true, tableRegions: ['us-east-1', 'us-east-2', 'us-west-2'], tableRegion: 'us-east-1', observationStream: true },
      { region: 'us-west-2', checker: true, app: true, tableRegions: ['us-west-2', 'us-east-2', 'us-east-1'], tableRegion: 'us-west-2', observationStream: true },
      // eu-west-1 holds no replica: it starts with us-east-2, which serves no app traffic, and runs schedule-only.
      { region: 'eu-west-1', checker: true, app: false, tableRegions: ['us-east-2', 'us-east-1', 'us-west-2'], tableRegion: 'us-east-2', observationStream: false },
    ]);
  });

  it('single-region coordination: every region uses that table and only its region streams', () => {
    const layout = topology(variant({ coordination: { mode: 'single-region', regions: ['us-west-2'] } }));
    expect(layout.dataRegion).toBe('us-west-2');
    expect(layout.regional.map((r) => [r.region, r.tableRegions, r.observationStream])).toEqual([
      ['us-east-1', ['us-west-2'], false],
      ['us-west-2', ['us-west-2'], true],
      ['eu-west-1', ['us-west-2'], false],
    ]);
  });
});
