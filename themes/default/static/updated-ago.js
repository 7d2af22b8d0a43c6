// Says again, where the page is read, how long ago its figures were read from their sources
// ("Updated 3 hours ago", in the page's language), every minute; shows the notice that they
// may be out of date once they are as old as the site allows. Figures that live-totals.js
// fetches are as of their `as_of`, or now. Without it the words from the build stay.
(function () {
  if (!window.Intl || !Intl.RelativeTimeFormat) return;
  var say = new Intl.RelativeTimeFormat(document.documentElement.lang, { numeric: "always" });
  var units = [["day", 864e5], ["hour", 36e5], ["minute", 6e4]];
  var all = function (selector) { return document.querySelectorAll(selector); };
  var age = function (time) { return Math.max(Date.now() - Date.parse(time.dateTime), 0); };
  function refresh() {
    all("time[data-ago]").forEach(function (time) {
      var elapsed = age(time);
      if (isNaN(elapsed)) return;
      var unit = units.filter(function (u) { return elapsed >= u[1]; })[0];
      time.textContent = unit ? say.format(-Math.floor(elapsed / unit[1]), unit[0]) : time.dataset.justNow;
    });
    all("[data-stale-after-hours]").forEach(function (notice) {
      var elapsed = age(notice.querySelector("time[data-ago]"));
      if (!isNaN(elapsed)) notice.hidden = elapsed < notice.dataset.staleAfterHours * 36e5;
    });
  }
  document.addEventListener("pledgekit:totals", function (event) {
    var asOf = event.detail.as_of, read = typeof asOf === "string" && Date.parse(asOf);
    var moment = read ? new Date(read).toISOString() : new Date().toISOString();
    all("time[data-ago]").forEach(function (time) { time.setAttribute("datetime", moment); });
    refresh();
  });
  refresh();
  setInterval(refresh, 6e4);
})();
