// Renders /openapi.json as a reference page. A file of its own, since the server's CSP allows no inline script.
const needsOf = {
  session: 'Authorization: Bearer <sessionToken>',
  queueToken: 'x-queue-token: <token>',
};

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  for (const child of children) node.append(child);
  return node;
}

/** A JSON Schema as a short TypeScript-like type, e.g. `{ query: string, from?: date-time | number }`. */
function typeOf(schema, depth = 0) {
  if (!schema || Object.keys(schema).length === 0) return 'any';
  const pad = '  '.repeat(depth + 1);
  if (schema.anyOf) return schema.anyOf.map((s) => typeOf(s, depth)).join(' | ');
  if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join(' | ');
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.type === 'array') return `${typeOf(schema.items, depth)}[]`;
  if (schema.type === 'object' && schema.properties) {
    const required = new Set(schema.required ?? []);
    const fields = Object.entries(schema.properties).map(
      ([key, value]) => `${pad}${key}${required.has(key) ? '' : '?'}: ${typeOf(value, depth + 1)}`,
    );
    return `{\n${fields.join(',\n')}\n${'  '.repeat(depth)}}`;
  }
  const type = Array.isArray(schema.type) ? schema.type.join(' | ') : (schema.type ?? 'any');
  const bounds = [
    schema.format,
    schema.minLength !== undefined || schema.maxLength !== undefined
      ? `length ${schema.minLength ?? 0}–${schema.maxLength ?? '∞'}`
      : undefined,
    schema.minimum !== undefined || schema.maximum !== undefined
      ? `${schema.minimum ?? '−∞'}–${schema.maximum ?? '∞'}`
      : undefined,
    schema.default !== undefined ? `default ${JSON.stringify(schema.default)}` : undefined,
  ].filter((b) => b !== undefined && b !== 'uuid');
  const name = schema.format === 'uuid' ? 'uuid' : type;
  return bounds.length ? `${name} (${bounds.join(', ')})` : name;
}

function schemaBlock(title, schema) {
  return [
    element('h4', {}, title),
    element('pre', {}, typeOf(schema)),
    element(
      'details',
      {},
      element('summary', {}, 'JSON Schema'),
      element('pre', {}, JSON.stringify(schema, null, 2)),
    ),
  ];
}

function curlOf(path, method, needs, hasInput) {
  const headers = needs.map((need) => ` -H '${needsOf[need]}'`).join('');
  const url = `${location.origin}${path}`;
  if (method === 'post') {
    return `curl -s ${url} -H 'content-type: application/json'${headers} -d '{"json": …}'`;
  }
  return hasInput
    ? `curl -s -G ${url}${headers} --data-urlencode 'input={"json": …}'`
    : `curl -s ${url}${headers}`;
}

function render(document) {
  const toc = window.document.getElementById('toc');
  const main = window.document.getElementById('operations');
  main.replaceChildren();
  let tag = '';
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (op.tags[0] !== tag) {
        tag = op.tags[0];
        toc.append(element('h2', {}, tag));
      }
      toc.append(element('a', { href: `#${op.operationId}` }, op.operationId));
      const needs = (op.security ?? []).flatMap((s) => Object.keys(s));
      const input =
        op.requestBody?.content['application/json'].schema ??
        op.parameters?.[0]?.content['application/json'].schema;
      const success = op.responses['200'].content;
      const answer =
        success['application/json']?.schema.properties.result.properties.data.properties.json ??
        success['text/event-stream']?.['x-event'];
      const codes = element(
        'table',
        {},
        element('tr', {}, element('th', {}, 'HTTP'), element('th', {}, 'domain codes')),
      );
      for (const [status, response] of Object.entries(op.responses)) {
        if (status !== '200')
          codes.append(element('tr', {}, element('td', {}, status), element('td', {}, response.description)));
      }
      const section = element(
        'section',
        { class: 'operation', id: op.operationId },
        element(
          'h3',
          {},
          element('span', { class: `method ${method}` }, method.toUpperCase()),
          element('code', {}, path),
        ),
        element('p', {}, `${op.summary}. ${op.description}`),
        element(
          'p',
          {},
          needs.length ? `Headers: ${needs.map((n) => needsOf[n]).join(', ')}` : 'No credentials needed.',
        ),
        element('pre', {}, curlOf(path, method, needs, Boolean(input?.properties))),
        ...(input?.properties
          ? schemaBlock('Input (sent as {"json": input})', input.properties.json)
          : [element('h4', {}, 'Input: none')]),
        ...schemaBlock(
          op['x-trpc-type'] === 'subscription' ? 'Each event' : 'Answer (result.data.json)',
          answer,
        ),
        element('h4', {}, 'Errors'),
        codes,
      );
      main.append(section);
    }
  }
}

fetch('/openapi.json')
  .then((response) => response.json())
  .then(render)
  .catch((err) => {
    document.getElementById('operations').textContent = `Could not load /openapi.json: ${err}`;
  });
