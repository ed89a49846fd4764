/** Being built (issue 5). */
export function OverviewPage() {
  return (
    <section className="panel">
      <h2>Overview</h2>
    </section>
  );
}
