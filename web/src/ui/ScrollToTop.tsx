import { useEffect, useRef } from 'react';
import { useLocation } from 'react-router';

/**
 * A client-side navigation should feel like a page load: start at the top, and move focus to the
 * main region so screen-reader and keyboard users begin at the new page's content, not the old link.
 */
export function ScrollToTop() {
  const { pathname } = useLocation();
  // Compared with the last path rather than "first render", which StrictMode runs twice in development.
  const previous = useRef(pathname);
  useEffect(() => {
    if (previous.current === pathname) return;
    previous.current = pathname;
    if (!navigator.userAgent.includes('jsdom')) window.scrollTo(0, 0);
    document.getElementById('main')?.focus({ preventScroll: true });
  }, [pathname]);
  return null;
}
