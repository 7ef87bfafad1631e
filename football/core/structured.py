"""schema.org data for search engines, built from the records a page shows."""

from django.conf import settings


def url(obj_or_path):
    path = obj_or_path if isinstance(obj_or_path, str) else obj_or_path.get_absolute_url()
    return settings.SITE_URL + path


def breadcrumbs(*crumbs):
    """BreadcrumbList from (name, path) pairs."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": i, "name": name, "item": url(path)}
            for i, (name, path) in enumerate(crumbs, start=1)
        ],
    }


def person(manager, current=None):
    data = {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": manager.full_name,
        "url": url(manager),
        "jobTitle": "Football manager",
    }
    if manager.other_name_list:
        data["alternateName"] = manager.other_name_list
    if manager.birth_date:
        data["birthDate"] = manager.birth_date.isoformat()
    if manager.birth_place:
        data["birthPlace"] = {"@type": "Place", "name": manager.birth_place}
    if manager.nationality:
        data["nationality"] = manager.nationality
    if manager.wikidata_id:
        data["sameAs"] = [f"https://www.wikidata.org/wiki/{manager.wikidata_id}"]
    if current is not None:
        data["worksFor"] = {
            "@type": "SportsTeam",
            "name": current.club.name,
            "url": url(current.club),
        }
    return data


def sports_team(club, current=None):
    data = {
        "@context": "https://schema.org",
        "@type": "SportsTeam",
        "name": club.name,
        "alternateName": [club.short_name, *club.other_name_list, *club.nickname_list],
        "sport": "Association football",
        "url": url(club),
    }
    if club.founded:
        data["foundingDate"] = str(club.founded)
    if club.city:
        data["location"] = {"@type": "Place", "name": f"{club.city}, {club.country}"}
    if club.wikidata_id:
        data["sameAs"] = [f"https://www.wikidata.org/wiki/{club.wikidata_id}"]
    if current is not None:
        data["coach"] = {
            "@type": "Person",
            "name": current.manager.full_name,
            "url": url(current.manager),
        }
    return data


def news_article(story, managers, clubs):
    return {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": story.headline,
        "description": story.standfirst,
        "url": url(story),
        "mainEntityOfPage": url(story),
        "datePublished": story.published_at.isoformat(),
        "dateModified": story.last_modified.isoformat(),
        "author": {
            "@type": "Organization" if "staff" in story.byline.lower() else "Person",
            "name": story.byline,
        },
        "publisher": {"@type": "Organization", "name": "Dugout", "url": url("/")},
        "about": [{"@type": "Person", "name": m.full_name, "url": url(m)} for m in managers],
        "mentions": [{"@type": "SportsTeam", "name": c.name, "url": url(c)} for c in clubs],
    }
