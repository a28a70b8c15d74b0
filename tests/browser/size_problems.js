// Visible text under 18 px, and links standing alone in their block (not inside
// a sentence) under 44 px tall: one line per problem.
() => {
  const problems = [];
  const shown = el => {
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    return box.width > 1 && box.height > 1 && style.visibility !== "hidden"
      && !el.closest(".visually-hidden, [aria-hidden=true], .hp-field");
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const el = walker.currentNode.parentElement;
    if (!walker.currentNode.textContent.trim() || !shown(el)) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < 18) problems.push(`text ${size}px: ${el.textContent.trim().slice(0, 40)}`);
  }
  for (const a of document.querySelectorAll("a")) {
    if (!shown(a) || a.parentElement.textContent.trim() !== a.textContent.trim()) continue;
    const height = a.getBoundingClientRect().height;
    if (height < 44) problems.push(`link ${height}px: ${a.textContent.trim().slice(0, 40)}`);
  }
  return [...new Set(problems)];
}
