// htmx swaps nothing when the server answers 4xx/5xx; tell the user instead of failing silently.
document.addEventListener("htmx:responseError", function (event) {
  var content = document.getElementById("content");
  if (!content) { return; }
  var template = document.body.getAttribute("data-htmx-error") || "Request failed (%s).";
  var alert = document.createElement("div");
  alert.className = "alert alert-error";
  alert.setAttribute("role", "alert");
  alert.textContent = template.replace("%s", String(event.detail.xhr.status));
  content.insertBefore(alert, content.firstChild);
  window.scrollTo({ top: 0, behavior: "smooth" });
});
document.addEventListener("htmx:sendError", function () {
  var content = document.getElementById("content");
  var message = document.body.getAttribute("data-htmx-offline");
  if (!content || !message) { return; }
  var alert = document.createElement("div");
  alert.className = "alert alert-error";
  alert.setAttribute("role", "alert");
  alert.textContent = message;
  content.insertBefore(alert, content.firstChild);
});

// Behaviour wired from data-* attributes instead of inline handlers, so that the
// Content-Security-Policy can forbid inline scripts. Delegated from the document: it also
// works for parts htmx swaps in later.
//   data-submit-on-change   a select that submits its form when changed
//   data-clear="name"       …after emptying that field of the form (a dependent select)
//   data-confirm="text"     a form that asks before it submits
//   data-print              a button that prints the page
document.addEventListener("change", function (event) {
  var field = event.target;
  if (!(field instanceof HTMLElement) || !field.hasAttribute("data-submit-on-change") || !field.form) { return; }
  var clear = field.getAttribute("data-clear");
  if (clear && field.form.elements[clear]) { field.form.elements[clear].value = ""; }
  field.form.submit();
});
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!(form instanceof HTMLFormElement)) { return; }
  var question = form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) { event.preventDefault(); }
});
document.addEventListener("click", function (event) {
  var target = event.target instanceof Element ? event.target.closest("[data-print]") : null;
  if (target) { event.preventDefault(); window.print(); }
});
