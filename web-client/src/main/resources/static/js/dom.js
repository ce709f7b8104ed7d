// A few lines instead of a framework: elements from tag, attributes and children; text is always text (never HTML).

export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value == null) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2).toLowerCase(), value);
    else if (name === 'dataset') Object.assign(element.dataset, value);
    else element.setAttribute(name, value === true ? '' : value);
  }
  element.append(...children.flat().filter(child => child != null && child !== false));
  return element;
}

export function mount(parent, ...children) {
  parent.replaceChildren(...children.flat().filter(Boolean));
}

export function time(iso) {
  return iso ? new Date(iso).toLocaleTimeString([], {hour: '2-digit', minute: '2-digit'}) : '';
}

export function field(label, input) {
  return h('label', {class: 'field'}, h('span', {}, label), input);
}
