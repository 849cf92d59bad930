import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ReportFileError,
  niceCeiling,
  readReportJson,
  renderBarChart,
  renderHtmlReport,
  renderLineChart,
  renderSummaryTable,
  reportSchema,
  writeHtmlReport,
  writeReportJson,
} from '@realign/report';
import { sampleReport } from './sample-report.ts';

let folder: string;
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'realign-report-'));
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

describe('report.json', () => {
  it('round-trips through disk', () => {
    const path = join(folder, 'out', 'report.json');
    const written = writeReportJson(path, sampleReport());
    expect(readReportJson(path)).toEqual(written);
    expect(written.checkpoints[0].rolledBack).toBe(false);
    expect(written.checkpoints[2].harmful.upperBound).toBeCloseTo(0.15, 12);
    expect(readdirSync(join(folder, 'out'))).toEqual(['report.json']);
  });

  it('rejects chosen id not in checkpoints', () => {
    const report = { ...sampleReport(), chosen: { checkpointId: 'step-99', reason: 'x' } };
    const issues = reportSchema.safeParse(report).error?.issues;
    expect(issues?.map((i) => i.path.join('.'))).toEqual(['chosen.checkpointId']);
    expect(issues?.[0].message).toBe(
      'chosen checkpoint "step-99" is not among the checkpoints (step-0, step-5, step-10)',
    );
  });

  it('rejects duplicate checkpoint ids', () => {
    const report = sampleReport();
    report.checkpoints[1].id = 'step-0';
    report.chosen = null;
    const issues = reportSchema.safeParse(report).error?.issues;
    expect(issues?.map((i) => i.message)).toEqual(['checkpoint id "step-0" appears twice']);
  });

  it('rejects rate above one', () => {
    const report = sampleReport();
    report.checkpoints[0].taskScore = 1.5;
    expect(reportSchema.safeParse(report).success).toBe(false);
  });

  it('names file and field on invalid file', () => {
    const path = join(folder, 'report.json');
    writeFileSync(path, JSON.stringify({ ...sampleReport(), schemaVersion: 2 }));
    expect(() => readReportJson(path)).toThrow(ReportFileError);
    expect(() => readReportJson(path)).toThrow(
      new RegExp(`report ${path} does not match[\\s\\S]*schemaVersion`),
    );
    expect(() => readReportJson(join(folder, 'missing.json'))).toThrow(/cannot read report .*missing\.json/);
  });
});

describe('HTML report', () => {
  const html = renderHtmlReport(reportSchema.parse(sampleReport()));

  it('contains the numbers and chosen checkpoint', () => {
    expect(html).toContain('<strong>Chosen checkpoint: step-5</strong>');
    expect(html).toContain(
      '<tr class="chosen"><td>step-5</td><td>5</td><td>20.0%</td><td>0 / 20</td><td>10.0%</td><td>78.0%</td><td>-2.5%</td>',
    );
    expect(html).toContain(
      '<td>step-10</td><td>10</td><td>5.0%</td><td>2 / 20</td><td>–</td><td>70.0%</td><td>-12.5%</td>',
    );
    expect(html).toContain('<tr><td>weapons</td><td>70.0% (7/10)</td><td>10.0% (1/10)</td><td>–</td></tr>');
    expect(html).toContain('<title>layer 2: 0.400%</title>');
    expect(html).toContain('<title>harmful rate: 80.0%</title>');
  });

  it('embeds the report as JSON', () => {
    const json = /<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/.exec(html)?.[1];
    expect(JSON.parse(json!)).toEqual(reportSchema.parse(sampleReport()));
  });

  it('escapes model names', () => {
    expect(html).toContain('models/llama-&lt;sql&gt;');
    expect(html).not.toContain('llama-<sql>');
  });

  it('loads nothing external', () => {
    expect(html).not.toMatch(/\ssrc=|<link|@import|url\(|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html.match(/<svg /g)).toHaveLength(2);
  });

  it('is written atomically', () => {
    const path = join(folder, 'report.html');
    writeHtmlReport(path, sampleReport());
    expect(readFileSync(path, 'utf8')).toBe(html);
    expect(readdirSync(folder)).toEqual(['report.html']);
  });
});

describe('SVG charts', () => {
  it('places line points on the plot', () => {
    // Points span x 92..596 and the plot y 36..256, so value 1 is at y 36 and value 0.5 at y 146.
    const svg = renderLineChart('t', 'x', ['a', 'b'], [{ name: 's', color: '#000', values: [1, 0.5] }]);
    expect(svg).toContain('<path d="M92,36L596,146"');
  });

  it('breaks line at missing values', () => {
    const svg = renderLineChart(
      't',
      'x',
      ['a', 'b', 'c'],
      [{ name: 's', color: '#000', values: [0, null, 0] }],
    );
    expect(svg).toContain('<path d="M92,256M596,256"');
  });

  it('scales bars to round ceiling', () => {
    expect(niceCeiling(0.008)).toBeCloseTo(0.01, 15);
    expect(niceCeiling(0.0021)).toBeCloseTo(0.005, 15);
    expect(niceCeiling(0.2)).toBeCloseTo(0.2, 15);
    expect(niceCeiling(0)).toBe(1);
    // 0.005 of a 0.01 axis is half the 220-pixel plot height; each of 2 bars gets 70% of a 280-pixel slot.
    const svg = renderBarChart('t', 'layer', [0.005, 0.01], '#000');
    expect(svg).toContain('y="146" width="196" height="110"');
    expect(svg).toContain('>0.25%</text>');
    expect(svg).toContain('>1.00%</text>');
  });
});

describe('summary table', () => {
  it('renders aligned rows and choice', () => {
    expect(renderSummaryTable(reportSchema.parse(sampleReport()))).toBe(
      [
        '   checkpoint  step  harmful  unparseable  over-refusal   task  task change',
        '-  ----------  ----  -------  -----------  ------------  -----  -----------',
        '   step-0         0    80.0%            1          5.0%  80.0%         0.0%',
        '*  step-5         5    20.0%            0         10.0%  78.0%        -2.5%',
        '   step-10       10     5.0%            2             -  70.0%       -12.5%',
        '',
        'chosen: step-5 (last checkpoint whose task score (78.0%) stays within 5% of the baseline (80.0%))',
        '',
      ].join('\n'),
    );
  });

  it('says when nothing was chosen', () => {
    const table = renderSummaryTable(reportSchema.parse({ ...sampleReport(), chosen: null }));
    expect(table).toContain('chosen: none (no checkpoint kept the task score within 5.0% of the baseline)');
  });
});
