// The receipt's print button: hidden in the HTML, shown and wired here, so
// that without JavaScript the page says to use the browser's print command
// and shows no button that does nothing.
document.addEventListener('DOMContentLoaded', () => {
  for (const b of document.querySelectorAll('button[data-print]')) {
    b.hidden = false;
    b.addEventListener('click', () => window.print());
  }
});
