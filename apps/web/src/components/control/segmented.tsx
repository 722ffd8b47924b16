/** A small set of exclusive choices (a filter), as buttons big enough for a thumb. */
export function Segmented<T extends string>({
  label,
  value,
  options,
  onChange,
}: {
  readonly label: string;
  readonly value: T;
  readonly options: readonly { readonly value: T; readonly label: string }[];
  readonly onChange: (value: T) => void;
}) {
  return (
    <div role="group" aria-label={label} className="flex flex-wrap gap-1">
      {options.map((option) => (
        <button
          key={option.value}
          type="button"
          aria-pressed={option.value === value}
          onClick={() => {
            onChange(option.value);
          }}
          className="min-h-11 rounded-md border border-zinc-700 px-3 text-sm text-zinc-300 aria-pressed:border-zinc-500 aria-pressed:bg-zinc-800 aria-pressed:text-zinc-100"
        >
          {option.label}
        </button>
      ))}
    </div>
  );
}
