// The search page's box: reads this language's search.json and lists the campaigns whose
// title and tagline hold every word typed, ignoring case and accents. Without it (or when the
// index cannot be read, as from disk) the page lists the categories, and the form stays hidden.
(function () {
  var form = document.querySelector("[data-search-index]");
  if (!form || !window.fetch || !window.Intl || !Intl.PluralRules || !"".normalize) return;
  var d = form.dataset, lang = document.documentElement.lang;
  var input = form.querySelector("input"), count = form.querySelector("[aria-live]");
  var list = form.querySelector("ul"), plural = new Intl.PluralRules(lang);
  var number = new Intl.NumberFormat(lang);
  var fold = function (text) { return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase(); };
  fetch(d.searchIndex, { credentials: "omit" })
    .then(function (r) {
      if (!r.ok) throw Error(r.status);
      return r.json().then(function (index) { return { base: r.url, campaigns: index.campaigns }; });
    })
    .then(function (index) {
      index.campaigns.forEach(function (c) { c.text = fold(c.title + " " + c.tagline); });
      var show = function () {
        var words = fold(input.value).split(/\s+/).filter(Boolean);
        list.textContent = "";
        if (!words.length) { count.textContent = ""; return; }
        var found = index.campaigns.filter(function (c) {
          return words.every(function (w) { return c.text.indexOf(w) >= 0; });
        });
        found.forEach(function (c) {
          var item = document.createElement("li"), link = document.createElement("a");
          var tagline = document.createElement("p");
          link.href = new URL(c.url, index.base).href;
          link.textContent = c.title;
          tagline.textContent = c.tagline;
          item.append(link, tagline);
          list.append(item);
        });
        var kind = plural.select(found.length), key = "count" + kind[0].toUpperCase() + kind.slice(1);
        count.textContent = (d[key] || d.countOther).replace("{n}", number.format(found.length));
      };
      input.addEventListener("input", show);
      form.addEventListener("submit", function (event) { event.preventDefault(); show(); });
      form.hidden = false;
      show();
    })
    .catch(function () {});
})();
