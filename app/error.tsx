"use client";

export default function ErrorPage({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  const down = /database|unavailable|SQLITE|ECONN/i.test(error.message);
  return (
    <div className="error-box" role="alert">
      <h1>{down ? "The course database is unavailable" : "Something went wrong"}</h1>
      <p>
        {down
          ? "The service cannot reach its database right now. Nothing was lost; please try again in a moment."
          : "The page could not be shown."}
      </p>
      <button onClick={reset}>Try again</button>
    </div>
  );
}
