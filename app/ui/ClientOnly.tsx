import { useEffect, useState, type ReactNode } from "react";

/** Renders its children only in the browser (charts measure the page), with a fallback until then. */
export function ClientOnly({ children, fallback }: { children: () => ReactNode; fallback: ReactNode }) {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  return <>{mounted ? children() : fallback}</>;
}
