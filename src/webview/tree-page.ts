// The decision-tree view. With a profile: the measured path through the whole tree, the evidence behind
// each answer, and the leaf with its model, code sketch and lines to change. Without one (or when the
// reader asks for it): the guided mode, which asks the tree's questions one at a time with Yes/No buttons
// and walks the same tree with the answers, which are kept in the panel's state.
import type { LensDocument } from '../report/lens-document';
import { guidedTreeView, measuredTreeView, treeAsText, treeOf, type TreeView } from '../report/views/tree-view';
import { commandButton, sourceLink } from './actions';
import { button, el } from './dom';
import type { Host } from './messaging';
import { layoutTrees, treeDrawing } from './tree-svg';

type Answers = Record<string, 'yes' | 'no'>;

export function treePage(doc: LensDocument | null, host: Host, opts: { headingLevel?: 1 | 2 } = {}): HTMLElement {
  const root = el('div', { class: 'view view-tree', attrs: { 'data-view': 'tree' } });
  if (opts.headingLevel !== 2) root.appendChild(el('h1', { text: 'Which concurrency model fits' }));
  const body = el('div', 'tree-body');
  root.appendChild(body);

  const profile = doc?.profile;
  let answers: Answers = { ...(host.state.answers ?? {}) };
  // Without a profile there is only the guided mode; with one, the reader's last choice (kept in the
  // state, so a live 'show' with a new report does not flip it back), measured by default.
  let guided = !profile || host.state.treeMode === 'guided';
  const setGuided = (on: boolean): void => {
    guided = on;
    host.saveState({ treeMode: on ? 'guided' : 'measured' });
    draw(on);
  };

  const draw = (focusQuestion = false): void => {
    body.replaceChildren(guided ? guidedMode() : measuredMode());
    // On the page already (an answer, a change of mode): draw the tree now, not a frame later.
    if (body.isConnected) layoutTrees(body);
    if (focusQuestion) body.querySelector<HTMLElement>('.question .q')?.focus();
  };

  const setAnswers = (next: Answers): void => {
    answers = next;
    host.saveState({ answers });
    draw(true);
  };

  function toolbar(): HTMLElement {
    const bar = el('div', 'tree-toolbar');
    if (profile) {
      bar.appendChild(
        guided
          ? button('Show the measured path', () => setGuided(false), { class: 'btn secondary', attrs: { 'data-action': 'measured' } })
          : button('Answer the questions yourself', () => setGuided(true), { class: 'btn secondary', attrs: { 'data-action': 'guided' } }),
      );
    }
    if (!guided && host.interactive && !opts.headingLevel) {
      bar.appendChild(commandButton(host, 'See the profile charts', { type: 'showPanel', panel: 'profile' }, true)!);
    }
    return bar;
  }

  function measuredMode(): HTMLElement {
    const view = measuredTreeView(profile!);
    const box = el('div', { class: 'tree-measured', attrs: { 'data-mode': 'measured' } });
    box.appendChild(el('p', { class: 'muted', text: 'The path the profile took through the tree, with the measurements behind each answer.' }));
    box.appendChild(toolbar());
    box.appendChild(leafBox(view, host));
    box.appendChild(drawing(view));
    box.appendChild(stepsList(view));
    return box;
  }

  function guidedMode(): HTMLElement {
    const view = guidedTreeView(answers, profile ? treeOf(profile) : undefined);
    const box = el('div', { class: 'tree-guided', attrs: { 'data-mode': 'guided' } });
    box.appendChild(
      el('p', {
        class: 'muted',
        text: profile ? 'Answer the questions for your own workload; the tree walks with your answers.' : 'No profile yet: answer the questions about your workload and the tree walks with your answers. A profile answers them from measurements.',
      }),
    );
    box.appendChild(toolbar());
    if (!profile && host.interactive) box.appendChild(el('p', {}, commandButton(host, 'Profile workload', { type: 'runProfile' })));

    if (view.pending) {
      const pending = view.pending;
      const q = el('div', { class: 'question', attrs: { 'data-node': pending.id } });
      // Focus goes to the question after each answer, so keyboard and screen-reader users continue from it.
      q.appendChild(el('p', { class: 'q', text: pending.question, attrs: { tabindex: -1, id: 'tree-question' } }));
      q.appendChild(el('p', { class: 'muted', text: pending.help }));
      q.appendChild(
        el(
          'div',
          { attrs: { role: 'group', 'aria-labelledby': 'tree-question' } },
          button('Yes', () => setAnswers({ ...answers, [pending.id]: 'yes' }), { attrs: { 'data-answer': 'yes' } }),
          button('No', () => setAnswers({ ...answers, [pending.id]: 'no' }), { attrs: { 'data-answer': 'no' } }),
        ),
      );
      box.appendChild(q);
    } else {
      box.appendChild(leafBox(view, host));
    }
    const nav = el('div', 'tree-toolbar');
    if (view.path.length) {
      nav.appendChild(
        button('Back', () => {
          const next = { ...answers };
          delete next[view.path[view.path.length - 1]!];
          setAnswers(next);
        }, { class: 'btn secondary', attrs: { 'data-action': 'back' } }),
      );
      nav.appendChild(button('Start again', () => setAnswers({}), { class: 'btn secondary', attrs: { 'data-action': 'reset' } }));
    }
    box.appendChild(nav);
    box.appendChild(drawing(view));
    if (view.path.length) box.appendChild(stepsList(view));
    return box;
  }

  draw();
  return root;
}

function drawing(view: TreeView): HTMLElement {
  const text = treeAsText(view);
  return treeDrawing(view, `Decision tree. ${text.join(' ')}`);
}

/** The answered questions in order, with the evidence and each threshold test: the drawing as text. */
function stepsList(view: TreeView): HTMLElement {
  const label = new Map(view.layout.nodes.map((n) => [n.id, n.label]));
  const list = el('ol', { class: 'tree-steps', attrs: { 'aria-label': 'Answers along the path' } });
  view.path.forEach((id, i) => {
    const n = view.nodes[id]!;
    const li = el('li', { class: 'taken', attrs: { 'data-node': id } });
    li.appendChild(
      el(
        'p',
        {},
        el('strong', { text: `${i + 1}. ${label.get(id) ?? id} ` }),
        el('span', { class: 'answer', text: n.answer === 'yes' ? 'Yes' : 'No' }),
        n.margin ? el('span', { class: 'badge margin', text: `margin ${n.margin.distanceText}`, attrs: { title: `The deciding measurement is ${n.margin.text}.` } }) : null,
      ),
    );
    if (n.tests?.length) {
      // The test the answer rests on is marked: its distance from the threshold is the step's margin.
      li.appendChild(
        el(
          'ul',
          'tests',
          ...n.tests.map((t, k) => {
            const decides = n.margin?.test === k && n.tests!.length > 1;
            return el(
              'li',
              { class: `${t.holds ? 'holds' : 'fails'}${decides ? ' decides' : ''}` },
              `${t.holds ? '✓' : '✗'} ${t.text}${t.thresholdSource !== 'default' ? ` (threshold from ${t.thresholdSource})` : ''}`,
              decides ? el('span', { class: 'decides-note', text: ' — decides the answer' }) : null,
            );
          }),
        ),
      );
    } else if (n.evidence) {
      li.appendChild(el('p', { class: 'evidence', text: n.evidence }));
    }
    list.appendChild(li);
  });
  if (view.leaf) list.appendChild(el('li', { class: 'leaf' }, el('strong', { text: `→ ${view.leaf.title}` })));
  return list;
}

/** The verdict's weakest step, in words: how near a measurement came to changing the answer. */
export function closestCallText(c: NonNullable<TreeView['closestCall']>): string {
  if (c.margin.side === 'unmeasured') return `Closest call: step ${c.step} (${c.question}), answered without a measurement.`;
  return `Closest call: step ${c.step} (${c.question}), where the deciding measurement was ${c.margin.text}.`;
}

/** Where the walk ended: the model, the code sketch, the lines it applies to. */
function leafBox(view: TreeView, host: Host): HTMLElement {
  const box = el('div', { class: 'leaf-box', attrs: { 'data-leaf': view.leaf?.id ?? '' } });
  if (!view.leaf) return box;
  const l = view.leaf;
  box.appendChild(el('p', { class: 'model', text: `${l.type} → ${l.model}${l.alreadyRight ? ' (already in place)' : ''}` }));
  box.appendChild(el('p', { text: l.title }));
  if (view.closestCall) box.appendChild(el('p', { class: 'muted closest-call', text: closestCallText(view.closestCall) }));
  if (view.lines?.length) {
    box.appendChild(el('h3', { text: 'Lines it applies to' }));
    box.appendChild(el('ul', 'lines-to-change', ...view.lines.map((line) => el('li', {}, sourceLink(host, line.file, line.line), line.function ? el('code', { text: ` ${line.function}` }) : null, el('span', { class: 'why', text: `— ${line.why}` })))));
  }
  if (view.idiom) {
    box.appendChild(el('h3', { text: view.idiom.title }));
    box.appendChild(el('pre', {}, el('code', { text: view.idiom.code })));
  }
  return box;
}
