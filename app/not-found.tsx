import Link from "next/link";

export default function NotFound() {
  return (
    <>
      <h1>Not found</h1>
      <p>
        There is no such course or subject. Try the <Link href="/search">search</Link> or browse the{" "}
        <Link href="/subjects">subjects</Link>.
      </p>
    </>
  );
}
