/* The directory's maps: Leaflet, with Leaflet.markercluster for the map of the actors.
 *
 * Configured by the data- attributes of each element with data-actor-map (no inline script: the
 * Content-Security-Policy is 'self'):
 *   data-actor-map="points"  the map of the actors: GeoJSON from data-points-url (the list's filters), clustered;
 *                            asked again for the visible bounds (bbox) when the first answer was capped;
 *   data-actor-map="single"  one actor's place (data-latitude, data-longitude, data-name);
 *   data-tile-url            a tile server (the MAP_TILE_URL setting) with data-tile-attribution; when empty, the
 *                            country outlines of data-outlines-url (Natural Earth, TopoJSON) are drawn instead;
 *   data-status, data-text-* the element that reports what the map shows, and its texts (translated);
 *   data-text-zoom-in, data-text-zoom-out, data-text-close  Leaflet's own controls, named in the page's language.
 * Texts from the data are always set as text, never as HTML.
 */
(function () {
  "use strict";

  var MEDITERRANEAN = [38, 14];

  function format(template, count) {
    return (template || "").replace("%(count)s", String(count));
  }

  /* A map whose zoom buttons and popup close button are named in the page's language (Leaflet's are English). */
  function newMap(element, options) {
    var data = element.dataset;
    options.zoomControl = false;
    var map = L.map(element, options);
    L.control.zoom({ zoomInTitle: data.textZoomIn, zoomOutTitle: data.textZoomOut }).addTo(map);
    map.on("popupopen", function (event) {
      var close = event.popup.getElement().querySelector(".leaflet-popup-close-button");
      if (close && data.textClose) {
        close.setAttribute("aria-label", data.textClose);
        close.setAttribute("title", data.textClose);
      }
    });
    return map;
  }

  function drawOutlines(map, element) {
    var data = element.dataset;
    if (data.tileUrl) {
      L.tileLayer(data.tileUrl, { attribution: data.tileAttribution || "", maxZoom: 18 }).addTo(map);
      return Promise.resolve();
    }
    map.attributionControl.addAttribution(data.outlinesAttribution || "Natural Earth");
    return fetch(data.outlinesUrl)
      .then(function (response) {
        if (!response.ok) {
          throw new Error("outlines: HTTP " + response.status);
        }
        return response.json();
      })
      .then(function (topology) {
        var countries = topojson.feature(topology, topology.objects.countries);
        L.geoJSON(countries, {
          interactive: false,
          renderer: L.canvas({ padding: 0.5 }),
          style: { color: "#7a8b91", weight: 1, fillColor: "#f6f3ec", fillOpacity: 1 },
        }).addTo(map);
      });
  }

  /* Leaflet's bounds may extend beyond ±180° when the world repeats: the server wants a box within it. */
  function boundingBox(map) {
    var bounds = map.getBounds();
    var west = bounds.getWest();
    var east = bounds.getEast();
    if (east - west >= 360) {
      west = -180;
      east = 180;
    } else {
      west = ((((west + 180) % 360) + 360) % 360) - 180;
      east = ((((east + 180) % 360) + 360) % 360) - 180;
    }
    var south = Math.max(-90, bounds.getSouth());
    var north = Math.min(90, bounds.getNorth());
    return [west, south, east, north]
      .map(function (value) {
        return value.toFixed(5);
      })
      .join(",");
  }

  function popupContent(properties) {
    var box = document.createElement("div");
    var link = document.createElement("a");
    link.href = properties.url;
    link.textContent = properties.name;
    link.dir = "auto";
    var kind = document.createElement("div");
    kind.className = "small";
    kind.textContent = properties.type_label;
    box.appendChild(link);
    box.appendChild(kind);
    return box;
  }

  function actorMarker(feature) {
    var coordinates = feature.geometry.coordinates;
    var properties = feature.properties;
    var marker = L.marker([coordinates[1], coordinates[0]], { title: properties.name, alt: properties.name });
    marker.bindPopup(function () {
      return popupContent(properties);
    });
    return marker;
  }

  /* A cluster is a button named after the number of actors it holds ("Group of 12 actors: zoom in"). */
  function clusterIconFactory(template) {
    var NamedIcon = L.DivIcon.extend({
      createIcon: function (oldIcon) {
        var icon = L.DivIcon.prototype.createIcon.call(this, oldIcon);
        icon.setAttribute("aria-label", this.options.label);
        return icon;
      },
    });
    return function (cluster) {
      var count = cluster.getChildCount();
      var size = count < 10 ? "small" : count < 100 ? "medium" : "large";
      var outer = document.createElement("div");
      var inner = document.createElement("span");
      inner.textContent = String(count);
      inner.setAttribute("aria-hidden", "true");
      outer.appendChild(inner);
      return new NamedIcon({
        html: outer,
        className: "marker-cluster marker-cluster-" + size,
        iconSize: L.point(40, 40),
        label: format(template, count),
      });
    };
  }

  function pointsMap(element) {
    var data = element.dataset;
    var status = document.getElementById(data.status);
    var map = newMap(element, { worldCopyJump: true, minZoom: 2, maxZoom: 18 }).setView(MEDITERRANEAN, 4);
    var clusters = L.markerClusterGroup({ iconCreateFunction: clusterIconFactory(data.textCluster), chunkedLoading: true });
    map.addLayer(clusters);
    var pending = null;
    var complete = false;
    var timer = null;

    function report(text) {
      if (status) {
        status.textContent = text;
      }
    }

    function load(withBounds) {
      var url = new URL(data.pointsUrl, window.location.href);
      if (withBounds) {
        url.searchParams.set("bbox", boundingBox(map));
      }
      if (pending) {
        pending.abort();
      }
      pending = new AbortController();
      report(data.textLoading);
      return fetch(url, { signal: pending.signal, headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) {
            throw new Error("points: HTTP " + response.status);
          }
          return response.json();
        })
        .then(function (collection) {
          clusters.clearLayers();
          clusters.addLayers(collection.features.map(actorMarker));
          var count = collection.features.length;
          report(collection.capped ? format(data.textCapped, count) : format(data.textShown, count));
          element.dataset.loaded = String(count);
          return collection;
        });
    }

    function failed(error) {
      if (error && error.name === "AbortError") {
        return;
      }
      report(data.textError);
      element.dataset.loaded = "error";
    }

    drawOutlines(map, element).catch(function () {
      element.classList.add("actor-map-no-outlines");
    });
    load(false)
      .then(function (collection) {
        complete = !collection.capped;
        if (collection.features.length) {
          map.fitBounds(clusters.getBounds(), { padding: [24, 24], maxZoom: 9 });
        }
        map.on("moveend", function () {
          if (complete) {
            return;
          }
          window.clearTimeout(timer);
          timer = window.setTimeout(function () {
            load(true).catch(failed);
          }, 300);
        });
      })
      .catch(failed);
  }

  function singleMap(element) {
    var data = element.dataset;
    var position = [parseFloat(data.latitude), parseFloat(data.longitude)];
    var map = newMap(element, { scrollWheelZoom: false, minZoom: 2 }).setView(position, 7);
    L.marker(position, { title: data.name, alt: data.name, keyboard: false }).addTo(map);
    drawOutlines(map, element).catch(function () {
      element.classList.add("actor-map-no-outlines");
    });
  }

  function start() {
    document.querySelectorAll("[data-actor-map]").forEach(function (element) {
      if (element.dataset.actorMap === "points") {
        pointsMap(element);
      } else if (element.dataset.actorMap === "single") {
        singleMap(element);
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
