import { describeRouteWalk } from '../support/route-walk';

// Issue 18's route walk for a visitor, a member and a municipality's accountant (the administrator walks beside).
describeRouteWalk(['anonymous', 'member', 'accountant']);
