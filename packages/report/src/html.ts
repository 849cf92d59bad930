import type { CheckpointReport, Report } from './schema.ts';
import { escapeHtml, renderBarChart, renderLineChart } from './svg.ts';

const COLORS = { harmful: '#c0392b', overRefusal: '#e67e22', task: '#2471a3', restored: '#7d3c98' };

const percent = (value: number | null, digits = 1) =>
  value === null ? '–' : `${(value * 100).toFixed(digits)}%`;

const STYLE = `
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem auto; max-width: 60rem; color: #222; padding: 0 1rem; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
table { border-collapse: collapse; margin: 0.5rem 0; font-size: 0.9rem; }
th, td { border-bottom: 1px solid #ddd; padding: 0.3rem 0.7rem; text-align: right; }
th:first-child, td:first-child { text-align: left; }
tr.chosen { background: #eef6ee; font-weight: 600; }
.note { color: #555; font-size: 0.9rem; }
.chosen-box { border-left: 4px solid #27ae60; background: #f4fbf4; padding: 0.6rem 1rem; }
.none-box { border-left: 4px solid #c0392b; background: #fdf2f2; padding: 0.6rem 1rem; }
svg text { font-size: 11px; fill: #333; } svg .grid { stroke: #e4e4e4; } svg .axis-title { font-size: 12px; }
`;

function checkpointLabel(checkpoint: CheckpointReport): string {
  return `step ${checkpoint.step}`;
}

function checkpointRows(report: Report): string {
  return report.checkpoints
    .map((c) => {
      const chosen = report.chosen?.checkpointId === c.id;
      const restored =
        c.restoredPerLayer.length === 0
          ? null
          : c.restoredPerLayer.reduce((a, b) => a + b, 0) / c.restoredPerLayer.length;
      const cells = [
        escapeHtml(c.id),
        String(c.step),
        percent(c.harmful.rate),
        `${c.harmful.unparseable} / ${c.harmful.total}`,
        percent(c.overRefusalRate),
        percent(c.taskScore),
        percent(
          report.baselineTaskScore === 0
            ? null
            : (c.taskScore - report.baselineTaskScore) / report.baselineTaskScore,
        ),
        percent(restored, 3),
        c.rolledBack ? 'yes' : 'no',
      ];
      return `<tr${chosen ? ' class="chosen"' : ''}>${cells.map((cell) => `<td>${cell}</td>`).join('')}</tr>`;
    })
    .join('\n');
}

function categoryTable(report: Report): string {
  const names = [
    ...new Set(report.checkpoints.flatMap((c) => Object.keys(c.harmful.byCategory ?? {}))),
  ].sort();
  if (names.length === 0) return '<p class="note">The harmful prompt set has no categories.</p>';

  const header = `<tr><th>category</th>${report.checkpoints.map((c) => `<th>${escapeHtml(checkpointLabel(c))}</th>`).join('')}</tr>`;
  const rows = names.map((name) => {
    const cells = report.checkpoints.map((c) => {
      const counts = c.harmful.byCategory?.[name];
      return `<td>${counts ? `${percent(counts.rate)} (${counts.harmful}/${counts.total})` : '–'}</td>`;
    });
    return `<tr><td>${escapeHtml(name)}</td>${cells.join('')}</tr>`;
  });
  return `<table>${header}\n${rows.join('\n')}</table>`;
}

function chosenSection(report: Report): string {
  if (!report.chosen) {
    return `<div class="none-box">No checkpoint kept its task score within the allowed drop of ${percent(report.maxTaskDrop)}.</div>`;
  }
  return `<div class="chosen-box"><strong>Chosen checkpoint: ${escapeHtml(report.chosen.checkpointId)}</strong><br>${escapeHtml(report.chosen.reason)}</div>`;
}

function restoredChart(report: Report): string {
  const shown =
    report.checkpoints.find((c) => c.id === report.chosen?.checkpointId) ??
    report.checkpoints[report.checkpoints.length - 1];
  if (shown.restoredPerLayer.length === 0)
    return '<p class="note">No per-layer restore fractions were recorded.</p>';

  const title = `Fraction of weights restored per layer (${shown.id})`;
  return `<h2>${escapeHtml(title)}</h2>\n${renderBarChart(title, 'decoder layer', shown.restoredPerLayer, COLORS.restored)}`;
}

/**
 * Renders the report as one self-contained HTML page: inline CSS, inline SVG charts, no scripts or
 * web fonts. The validated report is embedded as JSON in a non-executed `application/json` block.
 */
export function renderHtmlReport(report: Report): string {
  const labels = report.checkpoints.map(checkpointLabel);
  const scoresChart = renderLineChart(
    'Harmful rate, over-refusal and task score per checkpoint',
    'checkpoint',
    labels,
    [
      { name: 'harmful rate', color: COLORS.harmful, values: report.checkpoints.map((c) => c.harmful.rate) },
      {
        name: 'over-refusal',
        color: COLORS.overRefusal,
        values: report.checkpoints.map((c) => c.overRefusalRate),
      },
      {
        name: `task score (${report.evaluation.taskMetric})`,
        color: COLORS.task,
        values: report.checkpoints.map((c) => c.taskScore),
      },
    ],
  );
  const data = JSON.stringify(report).replace(/</g, '\\u003c');
  const policy = report.checkpoints[0].harmful.unparseablePolicy;

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>realign report: ${escapeHtml(report.models.finetuned)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>realign report</h1>
<p>Aligned model <code>${escapeHtml(report.models.aligned)}</code>, fine-tuned model <code>${escapeHtml(report.models.finetuned)}</code>.<br>
Judge <code>${escapeHtml(report.evaluation.judge)}</code>, task metric <code>${escapeHtml(report.evaluation.taskMetric)}</code>, baseline task score ${percent(report.baselineTaskScore)}, allowed drop ${percent(report.maxTaskDrop)}. Written ${escapeHtml(report.createdAt)}.</p>
${chosenSection(report)}
<h2>Scores per checkpoint</h2>
${scoresChart}
<table>
<tr><th>checkpoint</th><th>step</th><th>harmful rate</th><th>unparseable</th><th>over-refusal</th><th>task score</th><th>task change</th><th>restored</th><th>rolled back</th></tr>
${checkpointRows(report)}
</table>
<p class="note">Harmful rate counts unparseable verdicts as "${escapeHtml(policy)}". Task change is relative to the baseline. Restored is the mean fraction over decoder layers.</p>
<h2>Harmful rate by category</h2>
${categoryTable(report)}
${restoredChart(report)}
<script type="application/json" id="report-data">${data}</script>
</body>
</html>
`;
}
