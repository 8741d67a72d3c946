import { describeRouteWalk } from '../support/route-walk';

// Issue 18's route walk for the administrator, whose pages are most of the portal (the others walk beside it).
describeRouteWalk(['admin']);
