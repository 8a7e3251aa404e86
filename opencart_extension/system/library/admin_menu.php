<?php
namespace Opencart\System\Library\Extension\Rebound;
/**
 * Where a Rebound page's entry goes in OpenCart 4.1's admin menu (the `menus` of the view event
 * admin/view/common/column_left/before): among the children of one of OpenCart's menus, or, for a user
 * who sees no such menu, as a menu of its own. No I/O here; the pages' menu() handlers are glue around it.
 */
class AdminMenu {
	/**
	 * The menus with the entry added.
	 *
	 * @param array<mixed>                          $menus   OpenCart's menus, as the event passes them
	 * @param string                                $parent  the id of the menu it belongs under, e.g. 'menu-catalog'
	 * @param array{name: string, href: string}     $entry   the entry's name (printed as HTML) and link
	 * @param string                                $ownId   the id of the entry's own menu when there is no parent
	 * @param string                                $icon    that menu's icon
	 * @param (\Closure(array<mixed>): bool)|null   $after   the entry goes right after the last child this is
	 *                                                       true of; last when none is, or when there is no test
	 *
	 * @return array<mixed>
	 */
	public static function add(array $menus, string $parent, array $entry, string $ownId, string $icon, ?\Closure $after = null): array {
		$entry = ['name' => $entry['name'], 'href' => $entry['href'], 'children' => []];

		foreach ($menus as $i => $menu) {
			if (!is_array($menu) || ($menu['id'] ?? '') !== $parent) {
				continue;
			}

			$children = is_array($menu['children'] ?? null) ? $menu['children'] : [];
			$at = count($children);

			if ($after !== null) {
				foreach (array_values($children) as $j => $child) {
					if (is_array($child) && $after($child)) {
						$at = $j + 1;
					}
				}
			}

			array_splice($children, $at, 0, [$entry]);

			$menus[$i]['children'] = $children;

			return $menus;
		}

		$menus[] = ['id' => $ownId, 'icon' => $icon, 'name' => $entry['name'], 'href' => $entry['href'], 'children' => []];

		return $menus;
	}

	/**
	 * A menu entry's name (printed as HTML) with a count badge when $count > 0. The name and a smaller
	 * badge stay on one line: OpenCart's menu is narrow, and a badge wrapped alone onto a second line looks
	 * like an entry of its own. The badge carries $class, so a page can update the count in place.
	 */
	public static function nameWithCount(string $name, int $count, string $class): string {
		$name = htmlspecialchars($name, ENT_QUOTES, 'UTF-8');

		if ($count < 1) {
			return $name;
		}

		return '<span class="text-nowrap">' . $name . '<span class="badge rounded-pill bg-warning text-dark ms-1 ' . htmlspecialchars($class, ENT_QUOTES, 'UTF-8') . '" style="font-size: .65em;">' . $count . '</span></span>';
	}

	/**
	 * True for a child that links to OpenCart's admin route $route (its own link, not a longer route's).
	 */
	public static function linksTo(array $child, string $route): bool {
		$href = (string)($child['href'] ?? '');

		return str_contains($href, 'route=' . $route . '&') || str_ends_with($href, 'route=' . $route);
	}
}
