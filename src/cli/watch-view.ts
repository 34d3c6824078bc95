import type { RunState, RunPatch } from '../engine/index.js';
import { summaryLines, treeLines } from './render-tree.js';

export interface WatchView {
  update(state: RunState, patch?: RunPatch): void;
  finish(state: RunState): void;
}

/**
 * Live progress while a workflow runs: on a terminal the summary and node tree are redrawn in place
 * (at most 5 times a second); elsewhere (CI logs, pipes) one line is printed per node phase change.
 */
export function createWatchView(out: (text: string) => void, tty: boolean, wide: boolean): WatchView {
  let drawn = 0;
  let last = 0;
  let pending: RunState | undefined;
  let timer: NodeJS.Timeout | undefined;
  const draw = (state: RunState): void => {
    const lines = [...summaryLines(state), '', ...treeLines(state, Date.now(), wide)];
    out(`${drawn > 0 ? `\x1b[${drawn}F\x1b[J` : ''}${lines.join('\n')}\n`);
    drawn = lines.length;
    last = Date.now();
  };
  if (!tty) {
    return {
      update(_state, patch) {
        for (const node of patch?.nodes ?? []) {
          if (node.type === 'StepGroup') continue;
          out(`${new Date().toISOString().slice(11, 19)}  ${node.displayName}  ${node.phase}${node.message ? `  ${node.message}` : ''}\n`);
        }
      },
      finish(state) {
        out(`\n${[...summaryLines(state), '', ...treeLines(state, Date.now(), wide)].join('\n')}\n`);
      },
    };
  }
  return {
    update(state) {
      pending = state;
      if (timer) return;
      const wait = Math.max(0, 200 - (Date.now() - last));
      timer = setTimeout(() => {
        timer = undefined;
        if (pending) draw(pending);
      }, wait);
    },
    finish(state) {
      if (timer) clearTimeout(timer);
      timer = undefined;
      draw(state);
    },
  };
}
