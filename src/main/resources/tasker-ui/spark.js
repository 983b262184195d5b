// A small line chart in SVG: the last five minutes of one figure, drawn without any library.

const NS = 'http://www.w3.org/2000/svg';
const WIDTH = 300;
const HEIGHT = 48;

export function sparkline(label) {
  const svg = document.createElementNS(NS, 'svg');
  svg.setAttribute('viewBox', `0 0 ${WIDTH} ${HEIGHT}`);
  svg.setAttribute('preserveAspectRatio', 'none');
  svg.setAttribute('role', 'img');
  const title = document.createElementNS(NS, 'title');
  title.textContent = label;
  const line = document.createElementNS(NS, 'polyline');
  line.setAttribute('fill', 'none');
  line.setAttribute('stroke', '#0b57d0');
  line.setAttribute('stroke-width', '2');
  line.setAttribute('vector-effect', 'non-scaling-stroke');
  svg.append(title, line);
  return { svg, draw: (points, value, span) => draw(line, title, label, points, value, span) };
}

function draw(line, title, label, points, value, span) {
  const now = Date.now();
  const top = Math.max(...points.map(value), 1e-9);
  line.setAttribute('points', points.map((p) => {
    const x = WIDTH - ((now - p.at) / span) * WIDTH;
    const y = HEIGHT - 2 - (value(p) / top) * (HEIGHT - 4);
    return `${x.toFixed(1)},${y.toFixed(1)}`;
  }).join(' '));
  title.textContent = `${label}, last ${Math.round(span / 60000)} minutes, peak ${top < 1e-6 ? 0 : top.toFixed(2)}`;
}
