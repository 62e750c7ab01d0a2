import { useEffect } from 'react';
import { useLocation } from 'react-router';

/** A client-side navigation should feel like a page load: start at the top. */
export function ScrollToTop() {
  const { pathname } = useLocation();
  useEffect(() => {
    if (typeof window.scrollTo === 'function' && !navigator.userAgent.includes('jsdom'))
      window.scrollTo(0, 0);
  }, [pathname]);
  return null;
}
