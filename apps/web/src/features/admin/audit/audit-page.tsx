/** Being built (issue 5). */
export function AuditPage() {
  return (
    <section className="panel">
      <h2>Audit log</h2>
    </section>
  );
}
