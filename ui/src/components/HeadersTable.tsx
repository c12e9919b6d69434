import type { HeaderPair } from '../../../shared/api.js';

/** Headers exactly as they arrived: original order and case, duplicates kept. */
export function HeadersTable({ headers }: { headers: HeaderPair[] }) {
  if (headers.length === 0) return <p class="muted">No headers.</p>;
  const counts = new Map<string, number>();
  for (const [name] of headers) counts.set(name.toLowerCase(), (counts.get(name.toLowerCase()) ?? 0) + 1);
  return (
    <table class="kv headers" data-testid="headers-table">
      <tbody>
        {headers.map(([name, value], i) => (
          <tr key={i} data-testid="header-row" class={(counts.get(name.toLowerCase()) ?? 0) > 1 ? 'dup' : undefined}>
            <th scope="row" data-testid="header-name">
              {name}
            </th>
            <td data-testid="header-value">{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
