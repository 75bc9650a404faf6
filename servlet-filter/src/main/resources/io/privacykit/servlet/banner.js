/*
 * PrivacyKit consent banner. Plain ES2017, no framework, loads nothing from elsewhere.
 * Include it with one tag: <script src="/privacy/banner.js" defer></script>, with the app's context
 * path before it (PrivacyContext.headTags() and the request attribute io.privacykit.head give the
 * stylesheet and script tags with both applied).
 *   data-no-choices-link on that tag: do not add the floating "Privacy choices" button
 *   (then put data-privacy-choices on a link of your own, e.g. in the footer).
 * The endpoint is found beside the script's own address (<prefix>/banner.js -> <prefix>/consent), so it
 * works under any context path and prefix, also behind a proxy that maps paths; CONFIG.endpoint, which
 * the server works out, is the fallback. The server fills in CONFIG: the endpoint, the language it chose from Accept-Language, the
 * strings in that language, and the visitor's decision when the script was served.
 */
(function () {
  'use strict';
  var CONFIG = /*PRIVACYKIT_CONFIG*/{"endpoint": "/privacy/consent", "lang": "en", "messages": {}, "initial": null}/*END*/;
  var M = CONFIG.messages;
  var script = document.currentScript;
  var ENDPOINT = endpointBeside(script);
  var state = CONFIG.initial;
  var dialog = null;
  var opener = null;

  function endpointBeside(tag) {
    var src = tag && tag.src;
    if (src && /\/banner\.js(?:[?#].*)?$/.test(src) && typeof URL === 'function') {
      try {
        var url = new URL('consent', src);
        if (url.origin === window.location.origin) {
          return url.pathname;
        }
      } catch (e) {
        // An address URL cannot read: the server's endpoint stands.
      }
    }
    return CONFIG.endpoint;
  }

  // Google Consent Mode v2: which consent types each category stands for.
  var CONSENT_TYPES = {
    advertising: ['ad_storage', 'ad_user_data', 'ad_personalization'],
    performance: ['analytics_storage'],
    functionality: ['functionality_storage', 'personalization_storage']
  };

  function usesGtag() {
    return typeof window.gtag === 'function' || Array.isArray(window.dataLayer);
  }

  function gtagCall() {
    if (typeof window.gtag === 'function') {
      window.gtag.apply(window, arguments);
    } else {
      window.dataLayer.push(arguments);
    }
  }

  function consentModeOf(s) {
    var result = {security_storage: 'granted'};
    Object.keys(CONSENT_TYPES).forEach(function (category) {
      var c = s && s.categories && s.categories[category];
      var granted = !!(c && c.allowed);
      CONSENT_TYPES[category].forEach(function (type) {
        result[type] = granted ? 'granted' : 'denied';
      });
    });
    return result;
  }

  function emitConsent(kind, s) {
    if (usesGtag()) {
      gtagCall('consent', kind, consentModeOf(s));
    }
  }

  function label(category) {
    var names = M.categories || {};
    return names[category] || category.charAt(0).toUpperCase() + category.slice(1);
  }

  function el(tag, attributes, text) {
    var e = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (k) {
      e.setAttribute(k, attributes[k]);
    });
    if (text !== undefined) {
      e.textContent = text;
    }
    return e;
  }

  // Turns <script type="text/plain" data-privacy-category="..."> into a running script once
  // every category it names is allowed.
  function activateScripts(s) {
    var tags = document.querySelectorAll('script[type="text/plain"][data-privacy-category]');
    Array.prototype.forEach.call(tags, function (tag) {
      var categories = tag.getAttribute('data-privacy-category').split(/[\s,]+/).filter(Boolean);
      var allowed = categories.length > 0 && categories.every(function (c) {
        return s.categories[c] && s.categories[c].allowed;
      });
      if (!allowed) {
        return;
      }
      var live = document.createElement('script');
      Array.prototype.forEach.call(tag.attributes, function (a) {
        if (a.name !== 'type' && a.name !== 'data-privacy-category') {
          live.setAttribute(a.name, a.value);
        }
      });
      var type = tag.getAttribute('data-privacy-type');
      if (type) {
        live.setAttribute('type', type);
      }
      if (!tag.hasAttribute('src')) {
        live.text = tag.text;
      } else if (!tag.hasAttribute('async')) {
        live.async = false; // keep document order among activated scripts, as written
      }
      live.setAttribute('data-privacy-activated', categories.join(' '));
      tag.parentNode.replaceChild(live, tag);
    });
  }

  function send(body) {
    return fetch(ENDPOINT, {
      method: 'POST',
      credentials: 'same-origin',
      headers: {'Content-Type': 'application/json', 'Accept': 'application/json', 'PrivacyKit-Source': 'banner'},
      body: JSON.stringify(body)
    }).then(function (response) {
      if (!response.ok) {
        throw new Error('HTTP ' + response.status);
      }
      return response.json();
    });
  }

  function choose(body) {
    var status = dialog && dialog.querySelector('.pk-status');
    send(body).then(function (answer) {
      state = answer;
      emitConsent('update', answer);
      activateScripts(answer);
      addLinks(answer);
      close();
    }).catch(function () {
      if (status) {
        status.textContent = M.saveFailed || 'Your choice could not be saved.';
      }
    });
  }

  function close() {
    if (dialog) {
      dialog.parentNode.removeChild(dialog);
      dialog = null;
    }
    if (opener && typeof opener.focus === 'function') {
      opener.focus();
    }
    opener = null;
  }

  function togglePanel(open) {
    var panel = dialog.querySelector('.pk-panel');
    var button = dialog.querySelector('[data-pk-action="customize"]');
    panel.hidden = !open;
    button.setAttribute('aria-expanded', open ? 'true' : 'false');
    if (open) {
      var first = panel.querySelector('input:not([disabled])') || panel.querySelector('button');
      if (first) {
        first.focus();
      }
    } else {
      button.focus();
    }
  }

  function show(s, openedBy) {
    if (dialog) {
      dialog.focus();
      return;
    }
    opener = openedBy || null;
    dialog = el('div', {
      'class': 'pk-banner', 'role': 'dialog', 'aria-modal': 'false',
      'aria-labelledby': 'pk-title', 'aria-describedby': 'pk-text', 'tabindex': '-1', 'lang': CONFIG.lang
    });
    dialog.appendChild(el('h2', {'id': 'pk-title', 'class': 'pk-title'}, M.title));
    dialog.appendChild(el('p', {'id': 'pk-text', 'class': 'pk-text'}, M.text));
    var gpcHonored = Object.keys(s.categories).some(function (name) {
      return s.categories[name].reason === 'gpc-opt-out';
    });
    if (gpcHonored) {
      // California expects a site to show that it processed the signal (11 CCR 7025(c)(6)).
      dialog.appendChild(el('p', {'class': 'pk-gpc'}, M.gpcHonored));
    }

    var panel = el('div', {'class': 'pk-panel', 'id': 'pk-panel'});
    panel.hidden = true;
    var fieldset = el('fieldset', {'class': 'pk-categories'});
    fieldset.appendChild(el('legend', {}, M.categoriesLegend));
    Object.keys(s.categories).forEach(function (name) {
      var c = s.categories[name];
      var id = 'pk-category-' + name;
      var row = el('div', {'class': 'pk-category'});
      var box = el('input', {'type': 'checkbox', 'id': id, 'name': name});
      box.checked = c.required || c.allowed;
      box.disabled = !!c.required;
      row.appendChild(box);
      row.appendChild(el('label', {'for': id}, label(name) + (c.required ? ' (' + M.alwaysOn + ')' : '')));
      fieldset.appendChild(row);
    });
    panel.appendChild(fieldset);
    panel.appendChild(el('button', {'type': 'button', 'class': 'pk-button', 'data-pk-action': 'save'}, M.save));
    dialog.appendChild(panel);

    var actions = el('div', {'class': 'pk-actions'});
    // "Reject all" is exactly as prominent as "Accept all" (EDPB Guidelines 03/2022 on deceptive
    // design; CNIL: refusing must be as easy as accepting): same element, same classes.
    actions.appendChild(el('button', {'type': 'button', 'class': 'pk-button', 'data-pk-action': 'reject'}, M.rejectAll));
    actions.appendChild(el('button', {'type': 'button', 'class': 'pk-button', 'data-pk-action': 'accept'}, M.acceptAll));
    actions.appendChild(el('button', {
      'type': 'button', 'class': 'pk-button pk-button-customize', 'data-pk-action': 'customize',
      'aria-expanded': 'false', 'aria-controls': 'pk-panel'
    }, M.customize));
    dialog.appendChild(actions);
    dialog.appendChild(el('p', {'class': 'pk-status', 'role': 'status', 'aria-live': 'polite'}));

    dialog.addEventListener('click', function (event) {
      var action = event.target.getAttribute && event.target.getAttribute('data-pk-action');
      if (action === 'accept') {
        choose({accept: 'all'});
      } else if (action === 'reject') {
        choose({reject: 'all'});
      } else if (action === 'customize') {
        togglePanel(panel.hidden);
      } else if (action === 'save') {
        var body = {};
        Array.prototype.forEach.call(panel.querySelectorAll('input[type="checkbox"]:not([disabled])'), function (box) {
          body[box.name] = box.checked;
        });
        choose(body);
      }
    });
    dialog.addEventListener('keydown', function (event) {
      if (event.key === 'Escape' || event.key === 'Esc') {
        if (!panel.hidden) {
          event.preventDefault();
          togglePanel(false);
        } else if (!s.needsChoice) {
          // Only a reopened dialog closes on Escape: a first visit needs an answer.
          event.preventDefault();
          close();
        }
      }
    });
    document.body.appendChild(dialog);
    dialog.focus();
  }

  function fetchState() {
    return fetch(ENDPOINT, {credentials: 'same-origin', headers: {'Accept': 'application/json'}})
      .then(function (response) {
        if (!response.ok) {
          throw new Error('HTTP ' + response.status);
        }
        return response.json();
      });
  }

  function reopen(event) {
    var trigger = event.target.closest && event.target.closest('[data-privacy-choices]');
    if (!trigger) {
      return;
    }
    event.preventDefault();
    fetchState().then(function (s) {
      state = s;
      show(s, trigger);
    }).catch(function () {
      if (state) {
        show(state, trigger);
      }
    });
  }

  function addChoicesLink() {
    if ((script && script.hasAttribute('data-no-choices-link')) || document.querySelector('[data-privacy-choices]')) {
      return;
    }
    document.body.appendChild(el('button', {'type': 'button', 'class': 'pk-choices', 'data-privacy-choices': ''},
      M.privacyChoices));
  }

  // The opt-out icon of 11 CCR 7015(b), drawn here: a pill, its left part filled with a tick,
  // its right part outlined with a cross.
  function optOutIcon() {
    var NS = 'http://www.w3.org/2000/svg';
    function svg(tag, attributes) {
      var e = document.createElementNS(NS, tag);
      Object.keys(attributes).forEach(function (k) {
        e.setAttribute(k, attributes[k]);
      });
      return e;
    }
    var icon = svg('svg', {'class': 'pk-icon', 'viewBox': '0 0 30 14', 'width': '30', 'height': '14',
      'aria-hidden': 'true', 'focusable': 'false'});
    icon.appendChild(svg('rect', {'x': '0.75', 'y': '0.75', 'width': '28.5', 'height': '12.5', 'rx': '6.25',
      'fill': '#fff', 'stroke': '#0066ff', 'stroke-width': '1.5'}));
    icon.appendChild(svg('path', {'d': 'M7 0.75H17L13 13.25H7A6.25 6.25 0 0 1 7 0.75Z', 'fill': '#0066ff'}));
    icon.appendChild(svg('path', {'d': 'M4.5 7.2L7 9.6L11.2 4.6', 'fill': 'none', 'stroke': '#fff',
      'stroke-width': '1.6', 'stroke-linecap': 'round', 'stroke-linejoin': 'round'}));
    icon.appendChild(svg('path', {'d': 'M19.6 4.6L23.8 9.4M23.8 4.6L19.6 9.4', 'fill': 'none', 'stroke': '#0066ff',
      'stroke-width': '1.6', 'stroke-linecap': 'round'}));
    return icon;
  }

  function saleCategories(s) {
    return ((s.show && s.show.saleCategories) || []).filter(function (name) {
      return !!s.categories[name];
    });
  }

  function optedOutOfSale(s) {
    var sale = saleCategories(s);
    return sale.length > 0 && sale.every(function (name) {
      return !s.categories[name].allowed;
    });
  }

  // What an opt-out regime shows without a click: the 7015 links and the signal's status
  // (11 CCR 7025(c)(6)), kept on the page.
  function addLinks(s) {
    var shown = s.show || {};
    var old = document.querySelector('.pk-links');
    if (old) {
      old.parentNode.removeChild(old);
    }
    if (!shown.saleOptOut && !(shown.gpcStatus && shown.gpcHonored)) {
      return;
    }
    var box = el('div', {'class': 'pk-links', 'role': 'region', 'aria-label': M.linksLabel || 'Privacy', 'lang': CONFIG.lang});
    if (shown.gpcStatus && shown.gpcHonored) {
      box.appendChild(el('p', {'class': 'pk-gpc-status', 'data-pk-gpc-status': ''},
        M.gpcHonored || 'Opt-Out Preference Signal Honored'));
    }
    if (shown.saleOptOut) {
      if (optedOutOfSale(s)) {
        box.appendChild(el('p', {'class': 'pk-opted-out', 'role': 'status'},
          M.optedOut || 'You have opted out of the sale and sharing of your personal information.'));
      } else {
        box.appendChild(el('button', {'type': 'button', 'class': 'pk-link', 'data-pk-action': 'opt-out-sale'},
          M.doNotSell || 'Do Not Sell or Share My Personal Information'));
      }
      var floating = document.querySelector('button.pk-choices');
      if (floating) {
        floating.parentNode.removeChild(floating);
      }
      if (!(script && script.hasAttribute('data-no-choices-link'))
          && !document.querySelector('[data-privacy-choices]:not(.pk-your-choices)')) {
        var choices = el('button', {'type': 'button', 'class': 'pk-link pk-your-choices', 'data-privacy-choices': ''});
        choices.appendChild(optOutIcon());
        choices.appendChild(document.createTextNode(' ' + (M.yourPrivacyChoices || 'Your Privacy Choices')));
        box.appendChild(choices);
      }
    }
    document.body.appendChild(box);
  }

  function noticeDismissed(s) {
    try {
      return window.localStorage.getItem('privacykit.notice') === s.policyVersion;
    } catch (e) {
      return false;
    }
  }

  // A notice at collection that asks nothing and blocks nothing (Cal. Civ. Code 1798.100(b)).
  function showNotice(s) {
    var shown = s.show || {};
    if (!shown.noticeAtCollection || noticeDismissed(s) || document.querySelector('.pk-notice')) {
      return;
    }
    var notice = el('div', {'class': 'pk-notice', 'role': 'region', 'aria-label': M.noticeTitle || 'Privacy notice',
      'lang': CONFIG.lang});
    notice.appendChild(el('p', {'class': 'pk-notice-text'}, M.noticeText
      || 'We collect personal information, including through cookies, as our privacy notice describes.'));
    var more = el('a', {'class': 'pk-notice-more', 'href': ENDPOINT.replace(/consent$/, 'notice')},
      M.noticeMore || 'Privacy notice');
    notice.appendChild(more);
    var ok = el('button', {'type': 'button', 'class': 'pk-link pk-notice-ok'}, M.noticeOk || 'OK');
    ok.addEventListener('click', function () {
      try {
        window.localStorage.setItem('privacykit.notice', s.policyVersion);
      } catch (e) {
        // No storage: the notice shows again on the next page.
      }
      notice.parentNode.removeChild(notice);
    });
    notice.appendChild(ok);
    document.body.appendChild(notice);
  }

  function optOutOfSale(event) {
    var trigger = event.target.closest && event.target.closest('[data-pk-action="opt-out-sale"], [data-privacy-do-not-sell]');
    if (!trigger || !state) {
      return;
    }
    event.preventDefault();
    var body = {};
    saleCategories(state).forEach(function (name) {
      body[name] = false;
    });
    send(body).then(function (answer) {
      state = answer;
      emitConsent('update', answer);
      addLinks(answer);
    }).catch(function () {
      trigger.textContent = M.saveFailed || 'Your choice could not be saved.';
    });
  }

  function start() {
    document.addEventListener('click', reopen);
    document.addEventListener('click', optOutOfSale);
    addChoicesLink();
    fetchState().then(function (s) {
      if (state && JSON.stringify(consentModeOf(state)) !== JSON.stringify(consentModeOf(s))) {
        emitConsent('update', s);
      }
      state = s;
      activateScripts(s);
      addLinks(s);
      if (s.needsChoice) {
        show(s, null);
      } else {
        showNotice(s);
      }
    }).catch(function () {
      // No answer: nothing non-essential runs, and no banner is forced on the visitor.
    });
  }

  // The default must be in place before any tag reads it, so it comes from the decision the
  // server embedded, at once.
  emitConsent('default', state);
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
