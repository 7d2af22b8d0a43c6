// Refreshes a campaign's figures from its public totals source, and tells updated-ago.js (on
// pages saying "Updated … ago") when they are as of. The page is complete without it; if the
// fetch fails, the figures from the build stay as they are.
(function () {
  var box = document.querySelector("[data-live-totals]");
  if (!box || !window.fetch || !window.AbortController) return;
  var d = box.dataset, lang = document.documentElement.lang, stop = new AbortController();
  setTimeout(function () { stop.abort(); }, 8000);
  fetch(d.liveTotals, { cache: "no-store", credentials: "omit", signal: stop.signal })
    .then(function (r) { if (!r.ok) throw Error(r.status); return r.json(); })
    .then(function (t) {
      var oc = d.liveFormat === "open_collective";
      var raised = oc ? t.balance / 100 : parseFloat(t.raised), backers = oc ? t.backersCount : t.backers;
      if (!(raised >= 0) || t.currency !== d.currency) throw Error("unusable totals");
      // The one-time bar; a campaign with only a monthly goal has none (only .progress--monthly).
      var percent = Math.floor(raised * 100 / parseFloat(d.goal)), bar = box.querySelector(".progress:not(.progress--monthly)");
      var money = { style: "currency", currency: d.currency };
      if (raised % 1 === 0) money.maximumFractionDigits = 0;
      var show = function (name, text) {
        box.querySelectorAll("[data-live=" + name + "]").forEach(function (n) { n.textContent = text; });
      };
      show("raised", new Intl.NumberFormat(lang, money).format(raised));
      var shown = new Intl.NumberFormat(lang, { style: "percent" }).format(percent / 100);
      show("percent", shown);
      if (backers >= 0) show("backers", new Intl.NumberFormat(lang).format(backers));
      if (!box.querySelector("[data-ago]")) show("updated", d.liveUpdated);
      var fill = function (meter, value, text) {
        meter.setAttribute("aria-valuenow", Math.min(value, 100));
        meter.setAttribute("aria-valuetext", text);
        meter.firstElementChild.style.width = Math.min(value, 100) + "%";
      };
      if (bar) fill(bar, percent, d.liveProgress.replace("%s", shown));
      // Monthly giving (pledgekit's totals.json only): "€420 a month", its bar, "38 donors give
      // monthly" in the page's plural form, from the words the build left on .monthly.
      var m = !oc && t.monthly, month = box.querySelector(".monthly[data-live-monthly]");
      if (m && month && parseFloat(m.amount) >= 0 && m.donors >= 0 && window.Intl.PluralRules) {
        var given = parseFloat(m.amount), each = { style: "currency", currency: d.currency };
        if (given % 1 === 0) each.maximumFractionDigits = 0;
        var md = month.dataset, form = new Intl.PluralRules(lang).select(m.donors);
        show("monthly", md.liveMonthly.replace("%s", new Intl.NumberFormat(lang, each).format(given)));
        var donors = month.getAttribute("data-donors-" + form) || md.donorsOther;
        show("monthly-donors", donors.replace("{n}", m.donors));
        var monthBar = month.querySelector("[role=progressbar]"), goal = parseFloat(m.goal);
        if (monthBar && goal > 0) {
          var share = Math.floor(given * 100 / goal);
          fill(monthBar, share, md.liveMonthlyProgress.replace("%s", new Intl.NumberFormat(lang, { style: "percent" }).format(share / 100)));
        }
      }
      box.setAttribute("data-live-state", "updated");
      document.dispatchEvent(new CustomEvent("pledgekit:totals", { detail: t }));
    })
    .catch(function () { box.setAttribute("data-live-state", "unavailable"); });
})();
