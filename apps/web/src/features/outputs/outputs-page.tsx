/** Being built (issue 5). */
export function OutputsPage() {
  return (
    <section className="panel">
      <h2>Outputs</h2>
    </section>
  );
}
