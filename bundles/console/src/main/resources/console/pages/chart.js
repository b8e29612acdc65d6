// Phase bars shared by the Processes page (a finished migration) and the Migrations timeline.
import { s, ms } from '../lib.js';

export const PHASES = [
  { key: 'freezeMs', name: 'freeze', cls: 'seg-freeze' },
  { key: 'dumpMs', name: 'dump', cls: 'seg-dump' },
  { key: 'transferMs', name: 'transfer', cls: 'seg-transfer' },
  { key: 'restoreMs', name: 'restore', cls: 'seg-restore' },
];

/** The timed phases of a migration, plus "other" for the rest of its total (check, resume, cleanup). */
export function segments(m) {
  const segs = PHASES.map((p) => ({ ...p, value: Math.max(0, m[p.key] || 0) }));
  const sum = segs.reduce((a, x) => a + x.value, 0);
  const other = Math.max(0, (m.totalMs || 0) - sum);
  if (other > 0) segs.push({ key: 'other', name: 'other', cls: 'seg-other', value: other });
  return segs;
}

/** Appends the stacked bar of one migration to svg g at (x, y), scale px per ms. */
export function drawBar(g, m, x, y, height, scale) {
  let at = x;
  for (const seg of segments(m)) {
    if (!seg.value) continue;
    const w = Math.max(2, seg.value * scale);
    g.append(s('rect', { x: at, y, width: w, height, rx: 3, class: seg.cls, 'data-phase': seg.name },
      s('title', {}, `${seg.name}: ${ms(seg.value)}`)));
    at += w;
  }
  return at;
}

/** A small standalone bar (one migration) for the Processes page. */
export function miniBar(m, width = 420) {
  const total = Math.max(1, segments(m).reduce((a, x) => a + x.value, 0));
  const svg = s('svg', { viewBox: `0 0 ${width} 18`, width, height: 18, class: 'minibar' });
  drawBar(svg, m, 0, 2, 14, (width - 10) / total);
  return svg;
}
