// The shell's behaviour: the menu works without it (popover and <details>); this only makes it
// tidier. No inline scripts anywhere: the Content Security Policy forbids them.
"use strict";

(function () {
  var menu = document.getElementById("menu");
  if (!menu) return;
  var toggle = document.querySelector(".menu-toggle");
  var wide = window.matchMedia("(min-width: 1024px)");
  var groups = Array.prototype.slice.call(menu.querySelectorAll(".menu-groups details"));
  var hasPopover = Object.prototype.hasOwnProperty.call(HTMLElement.prototype, "popover");

  // The page's own link: the longest menu address the current one starts with ("/" only for
  // itself). The menu is the same HTML for every page of a role, so this is marked here.
  var here = window.location.pathname;
  var best = null;
  menu.querySelectorAll("a[href]").forEach(function (link) {
    var path = link.getAttribute("href");
    var matches = path === "/" ? here === "/" : here.indexOf(path) === 0;
    if (matches && (!best || path.length > best.getAttribute("href").length)) best = link;
  });
  if (best) {
    if (best.getAttribute("href") === here) best.setAttribute("aria-current", "page");
    var group = best.closest(".menu-groups > li");
    if (group) group.classList.add("current");
  }

  function closeGroups(except) {
    groups.forEach(function (details) { if (details !== except) details.open = false; });
  }

  function setExpanded(open) {
    if (toggle) toggle.setAttribute("aria-expanded", open ? "true" : "false");
  }

  function drawerOpened() {
    setExpanded(true);
    // The current task unfolded, focus on its first link (or the first of the menu).
    var current = menu.querySelector(".menu-groups > li.current > details");
    if (current) current.open = true;
    var first = menu.querySelector("[aria-current=page]") ||
      menu.querySelector(".menu-groups a, .menu-groups summary");
    if (first) first.focus();
  }

  setExpanded(false);
  if (hasPopover) {
    menu.addEventListener("toggle", function (event) {
      if (event.newState === "open") drawerOpened(); else setExpanded(false);
    });
  } else if (toggle) {
    // Browsers without popovers: the button toggles a class the style sheet shows.
    toggle.addEventListener("click", function () {
      var open = menu.classList.toggle("open");
      if (open) drawerOpened(); else setExpanded(false);
    });
    menu.querySelectorAll("[popovertargetaction=hide]").forEach(function (close) {
      close.addEventListener("click", function () {
        menu.classList.remove("open");
        setExpanded(false);
        toggle.focus();
      });
    });
  }

  // On a wide screen the tasks are drop-downs: one open at a time, closed by a click elsewhere
  // or by Esc (focus back on the task's name).
  groups.forEach(function (details) {
    details.addEventListener("toggle", function () {
      if (details.open && wide.matches) closeGroups(details);
    });
  });
  document.addEventListener("click", function (event) {
    if (wide.matches && !event.target.closest("#menu details")) closeGroups(null);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !wide.matches) return;
    var open = menu.querySelector(".menu-groups details[open]");
    if (!open) return;
    open.open = false;
    open.querySelector("summary").focus();
  });
  // From phone to wide (a rotation, a resized window): no drawer left open, no drop-down.
  wide.addEventListener("change", function () {
    closeGroups(null);
    if (hasPopover && menu.matches(":popover-open")) menu.hidePopover();
    menu.classList.remove("open");
    setExpanded(false);
  });
})();

// A table wider than the screen scrolls inside its box (`.overflow-auto`, `.table-wrap`): such a
// box joins the tab order while it scrolls, so that a keyboard can scroll it too.
(function () {
  function markScrollers(root) {
    root.querySelectorAll(".overflow-auto, .table-wrap").forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.dataset.scrollFocus = "1";
      } else if (!scrolls && box.dataset.scrollFocus) {
        box.removeAttribute("tabindex");
        delete box.dataset.scrollFocus;
      }
    });
  }
  var pending = false;
  window.addEventListener("resize", function () {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(function () { pending = false; markScrollers(document); });
  });
  document.addEventListener("htmx:afterSettle", function () { markScrollers(document); });
  markScrollers(document);
})();
