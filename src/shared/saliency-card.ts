/**
 * A Saliency Card (Boggust et al. 2023) for one method on one run, filled in from the lab's own
 * measurements (issue 19): what the method was asked to do, what it costs, how it depends on the input
 * (the × input and the zero point), on the model (randomisation), how faithful it looks under each fill,
 * how it moves with q and across seeds. Every entry says where its number came from and over how many
 * images or seeds; an entry the lab has not measured says which command would measure it, never a guess.
 */
import type { Remedy } from './remedy.ts';

/** One line of a card: a measured value with its n and source, or what to run to measure it. */
export interface CardEntry {
  label: string;
  /** The value in words and numbers (formatted as the app shows them); null when not measured. */
  value: string | null;
  /** Where it was measured: the run's maps, or an analysis file. */
  source: string;
  /** When not measured: what measures it, as a command and as a place in the app (shared/remedy.ts). */
  measureWith?: Remedy;
}

export interface CardSection {
  title: 'Method' | 'Computational cost' | 'Input sensitivity' | 'Model sensitivity' | 'Faithfulness' | 'Robustness';
  entries: CardEntry[];
}

export interface SaliencyCard {
  runId: string;
  method: string;
  /** Whether the method's map is multiplied by the input (the source of the blind spot at the zero point). */
  multipliesByInput: boolean;
  sections: CardSection[];
  createdAt: string;
}

/** The card as Markdown (a file a paper's supplement can include). */
export function cardMarkdown(card: SaliencyCard): string {
  const lines = [`# Saliency Card: ${card.method}`, '', `Run \`${card.runId}\` · Saliency Bias Lab · ${card.createdAt.slice(0, 10)}`, ''];
  for (const s of card.sections) {
    lines.push(`## ${s.title}`, '', '| property | value | source |', '|---|---|---|');
    for (const e of s.entries) lines.push(`| ${cell(e.label)} | ${cell(e.value ?? `not measured (${e.measureWith?.command ?? 'no command'})`)} | ${cell(e.source)} |`);
    lines.push('');
  }
  return lines.join('\n');
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** The card as an HTML fragment (the report's section, a standalone file). */
export function cardHtml(card: SaliencyCard): string {
  const rows = (s: CardSection) =>
    s.entries
      .map((e) => `<tr><th>${esc(e.label)}</th><td${e.value === null ? ' class="unmeasured"' : ''}>${esc(e.value ?? `not measured — ${e.measureWith?.command ?? ''}`)}</td><td class="src">${esc(e.source)}</td></tr>`)
      .join('');
  return `<section class="saliency-card" data-method="${esc(card.method)}"><h3>Saliency Card: ${esc(card.method)}</h3>${card.sections.map((s) => `<h4>${esc(s.title)}</h4><table class="kv card">${rows(s)}</table>`).join('')}</section>`;
}
