// Select-to-code, on staff pages only (public pages allow no script at all). The reading view
// works without this: each answer's sentences can be ticked. With it, a coder may also select
// any words of an answer and press "Code the selected words". The page marks each run of an
// answer's text with where it starts and ends in the stored text, in UTF-16 units (a browser's
// own count); a personal detail, shown only as its label, is taken whole. The server turns the
// positions into code points and refuses any that do not fit the text.
(() => {
  const forms = [...document.querySelectorAll('form.code-passages')];
  if (forms.length === 0 || !window.getSelection) return;

  for (const form of forms) {
    const selection = form.querySelector('.selection');
    const button = form.querySelector('button.select-to-code');
    if (!selection || !button) continue;
    selection.hidden = false;
    button.hidden = false;
    button.disabled = true;
  }

  /** Where the boundary point (node, offset) falls in the form's text, in UTF-16 units. */
  const positionIn = (form, node, offset, isEnd) => {
    const runs = [...form.querySelectorAll('[data-u16]')];
    for (const run of runs) {
      const start = Number(run.getAttribute('data-u16'));
      const end = Number(run.getAttribute('data-u16-end'));
      if (run === node || run.contains(node)) {
        // A hidden personal detail is coded whole or not at all.
        if (run.classList.contains('detail')) return isEnd ? end : start;
        if (node.nodeType === Node.TEXT_NODE) return start + offset;
        return offset === 0 ? start : end;
      }
      const range = document.createRange();
      range.selectNodeContents(run);
      // The point lies before this run: it is where the run starts.
      if (range.comparePoint(node, offset) < 0) return start;
    }
    const last = runs[runs.length - 1];
    return last ? Number(last.getAttribute('data-u16-end')) : 0;
  };

  const update = () => {
    const chosen = window.getSelection();
    const range = chosen && chosen.rangeCount > 0 ? chosen.getRangeAt(0) : null;
    for (const form of forms) {
      const box = form.querySelector('.passage');
      const button = form.querySelector('button.select-to-code');
      const shown = form.querySelector('.selected');
      if (!box || !button || !shown) continue;
      const inside =
        range && !range.collapsed && box.contains(range.startContainer) && box.contains(range.endContainer);
      if (!inside) {
        button.disabled = true;
        form.elements.start16.value = '';
        form.elements.end16.value = '';
        continue;
      }
      form.elements.start16.value = String(positionIn(form, range.startContainer, range.startOffset, false));
      form.elements.end16.value = String(positionIn(form, range.endContainer, range.endOffset, true));
      button.disabled = false;
      const words = chosen.toString().replace(/\s+/g, ' ').trim();
      shown.textContent = `${shown.getAttribute('data-selected') ?? ''} \u201c${words}\u201d`;
    }
  };

  document.addEventListener('selectionchange', update);
})();
