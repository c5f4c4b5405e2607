/**
 * The fields concert search reads (docs/domain.md, "Concert search"): performers, city and category, shared by
 * the create and edit forms. Performers are typed as one line, separated by commas.
 */
import type { RouterInputs } from '@tix/sdk';

export type Category = NonNullable<RouterInputs['admin']['createConcert']['category']>;

/** Every category the API takes, with its name on screen: a category left out does not compile. */
export const categoryNames = {
  pop: 'Pop',
  'k-pop': 'K-pop',
  rock: 'Rock',
  'hip-hop': 'Hip-hop',
  jazz: 'Jazz',
  classical: 'Classical',
  electronic: 'Electronic',
  musical: 'Musical',
  festival: 'Festival',
  other: 'Other',
} satisfies Record<Category, string>;

export interface CatalogValues {
  performers: string;
  city: string;
  category: Category;
}

/** "Aurora, The Band" → ["Aurora", "The Band"]; blanks dropped. */
export function performerList(text: string): string[] {
  return text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
}

export function CatalogFields({
  prefix,
  values,
  bad,
  onChange,
}: {
  prefix: string;
  values: CatalogValues;
  bad: (field: string) => boolean;
  onChange: (values: CatalogValues) => void;
}) {
  return (
    <>
      <div className="field">
        <label htmlFor={`${prefix}-performers`}>Performers</label>
        <input
          id={`${prefix}-performers`}
          value={values.performers}
          aria-describedby={`${prefix}-performers-hint`}
          aria-invalid={bad('performers')}
          onChange={(e) => onChange({ ...values, performers: e.target.value })}
        />
        <p id={`${prefix}-performers-hint`} className="hint">
          In billing order, separated by commas. Search finds them like the title.
        </p>
      </div>
      <div className="field">
        <label htmlFor={`${prefix}-city`}>City</label>
        <input
          id={`${prefix}-city`}
          value={values.city}
          aria-invalid={bad('city')}
          onChange={(e) => onChange({ ...values, city: e.target.value })}
        />
      </div>
      <div className="field">
        <label htmlFor={`${prefix}-category`}>Category</label>
        <select
          id={`${prefix}-category`}
          value={values.category}
          onChange={(e) => onChange({ ...values, category: e.target.value as Category })}
        >
          {Object.entries(categoryNames).map(([value, name]) => (
            <option key={value} value={value}>
              {name}
            </option>
          ))}
        </select>
      </div>
    </>
  );
}
