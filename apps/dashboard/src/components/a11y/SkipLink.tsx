/**
 * The first Tab stop of the page: jumps past the header, controls, summary and charts to the
 * element with `id={target}` (which has tabindex=-1, so focus moves there and the next Tab
 * continues inside it). A plain link: works without script and under the strict CSP.
 */
export function SkipLink({ target, children }: { target: string; children: string }) {
  return (
    <a class="skip-link" href={`#${target}`} data-testid="skip-link">
      {children}
    </a>
  );
}
